-- The audit log is append-only: no role the application uses may rewrite or remove history.
CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_update_or_delete
  BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate
  BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();
--> statement-breakpoint
-- A patient's assigned clinician must be an account with the physio role.
CREATE FUNCTION patient_profiles_check_roles() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM users WHERE id = NEW.physio_id AND role = 'physio') THEN
    RAISE EXCEPTION 'assigned clinician % is not a physio', NEW.physio_id USING ERRCODE = 'check_violation';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM users WHERE id = NEW.user_id AND role = 'patient') THEN
    RAISE EXCEPTION 'profile owner % is not a patient', NEW.user_id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER patient_profiles_roles
  BEFORE INSERT OR UPDATE OF user_id, physio_id ON patient_profiles
  FOR EACH ROW EXECUTE FUNCTION patient_profiles_check_roles();
