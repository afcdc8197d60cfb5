-- patient_day_totals is kept by these triggers in the transaction of every write to what it is
-- made from (completions, pain reports, routine versions and their items), whoever writes: the
-- app, the seed, the benchmark's loader, an import. They are statement-level with transition
-- tables, so a bulk COPY refreshes each touched day once, and a save adds no round trip.
-- The count is db/metrics.ts's: per item of a version active that day (start_date <= day <=
-- end_date) and scheduled on that ISO weekday, min(sessions logged, times_per_day).

-- The key carries the figures, so the caseload's per-patient range reads are index-only scans
-- (drizzle's schema cannot say INCLUDE; the constraint keeps the name schema.ts gives it).
ALTER TABLE patient_day_totals
  DROP CONSTRAINT patient_day_totals_patient_id_day_pk,
  ADD CONSTRAINT patient_day_totals_patient_id_day_pk
    PRIMARY KEY (patient_id, day) INCLUDE (completed_sessions, pain_score);
--> statement-breakpoint
-- Recomputes the rows of the given (patient, day) pairs from the base tables. It first locks
-- the patients' profiles, as every app write does: a concurrent writer's refresh then waits for
-- this transaction and, read committed, counts from what it committed (no lost update).
-- A save's one or two days run the statement's cached generic plan (per-pair index lookups):
-- planning it afresh each time cost more than running it. A bulk load (a backfill, a COPY) is
-- planned for its size instead. The caller's setting is put back before returning.
CREATE FUNCTION patient_day_totals_refresh(patients uuid[], days date[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  callers_plan_mode text := current_setting('plan_cache_mode');
BEGIN
  IF patients IS NULL OR cardinality(patients) = 0 THEN
    RETURN;
  END IF;
  PERFORM set_config('plan_cache_mode',
    CASE WHEN cardinality(patients) > 1000 THEN 'force_custom_plan' ELSE 'force_generic_plan' END,
    true);
  PERFORM 1 FROM patient_profiles
  WHERE user_id = ANY (patients)
  ORDER BY user_id
  FOR UPDATE;

  WITH touched AS (
    SELECT DISTINCT t.patient_id, t.day FROM unnest(patients, days) AS t(patient_id, day)
  ),
  logged AS (
    SELECT t.patient_id, t.day, c.routine_item_id, count(*)::int AS n
    FROM touched t
    JOIN completions c ON c.patient_id = t.patient_id AND c.performed_on = t.day
    GROUP BY t.patient_id, t.day, c.routine_item_id
  ),
  counted AS (
    SELECT l.patient_id, l.day, sum(least(l.n, ri.times_per_day))::int AS completed
    FROM logged l
    JOIN routine_items ri
      ON ri.id = l.routine_item_id
     AND (ri.days_mask & (1 << (extract(isodow FROM l.day)::int - 1))) <> 0
    JOIN routines r
      ON r.id = ri.routine_id
     AND r.patient_id = l.patient_id
     AND r.start_date <= l.day
     AND (r.end_date IS NULL OR r.end_date >= l.day)
    GROUP BY l.patient_id, l.day
  ),
  fresh AS (
    SELECT t.patient_id, t.day, coalesce(c.completed, 0) AS completed, p.score AS pain_score
    FROM touched t
    LEFT JOIN counted c ON c.patient_id = t.patient_id AND c.day = t.day
    LEFT JOIN pain_reports p ON p.patient_id = t.patient_id AND p.reported_on = t.day
  ),
  emptied AS (
    DELETE FROM patient_day_totals d
    USING fresh f
    WHERE d.patient_id = f.patient_id AND d.day = f.day
      AND f.completed = 0 AND f.pain_score IS NULL
  )
  INSERT INTO patient_day_totals (patient_id, day, completed_sessions, pain_score)
  SELECT patient_id, day, completed, pain_score FROM fresh
  WHERE completed > 0 OR pain_score IS NOT NULL
  ON CONFLICT (patient_id, day) DO UPDATE
    SET completed_sessions = excluded.completed_sessions, pain_score = excluded.pain_score
    WHERE (patient_day_totals.completed_sessions, patient_day_totals.pain_score)
          IS DISTINCT FROM (excluded.completed_sessions, excluded.pain_score);
  PERFORM set_config('plan_cache_mode', callers_plan_mode, true);
END;
$$;
--> statement-breakpoint
-- A routine version's dates or items decide which logged sessions count on every day it covers:
-- refreshes each day in the spans (patient, first day, last day or null for open-ended) that has
-- a completion or a rollup row.
CREATE FUNCTION patient_day_totals_refresh_spans(patients uuid[], froms date[], tos date[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM patient_day_totals_refresh(array_agg(d.patient_id), array_agg(d.day))
  FROM (
    SELECT c.patient_id, c.performed_on AS day
    FROM unnest(patients, froms, tos) AS s(patient_id, first_day, last_day)
    JOIN completions c
      ON c.patient_id = s.patient_id
     AND c.performed_on >= s.first_day
     AND (s.last_day IS NULL OR c.performed_on <= s.last_day)
    UNION
    SELECT t.patient_id, t.day
    FROM unnest(patients, froms, tos) AS s(patient_id, first_day, last_day)
    JOIN patient_day_totals t
      ON t.patient_id = s.patient_id
     AND t.day >= s.first_day
     AND (s.last_day IS NULL OR t.day <= s.last_day)
  ) d;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION patient_day_totals_after_completions() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- Each branch names only the transition tables its event has.
  IF TG_OP = 'INSERT' THEN
    PERFORM patient_day_totals_refresh(array_agg(patient_id), array_agg(performed_on))
    FROM (SELECT DISTINCT patient_id, performed_on FROM new_rows) n;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM patient_day_totals_refresh(array_agg(patient_id), array_agg(performed_on))
    FROM (SELECT DISTINCT patient_id, performed_on FROM old_rows) o;
  ELSE
    PERFORM patient_day_totals_refresh(array_agg(patient_id), array_agg(performed_on))
    FROM (
      SELECT patient_id, performed_on FROM new_rows
      UNION
      SELECT patient_id, performed_on FROM old_rows
    ) u;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER completions_rollup_insert AFTER INSERT ON completions
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION patient_day_totals_after_completions();
--> statement-breakpoint
CREATE TRIGGER completions_rollup_update AFTER UPDATE ON completions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION patient_day_totals_after_completions();
--> statement-breakpoint
CREATE TRIGGER completions_rollup_delete AFTER DELETE ON completions
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION patient_day_totals_after_completions();
--> statement-breakpoint
CREATE FUNCTION patient_day_totals_after_pain_reports() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM patient_day_totals_refresh(array_agg(patient_id), array_agg(reported_on))
    FROM (SELECT DISTINCT patient_id, reported_on FROM new_rows) n;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM patient_day_totals_refresh(array_agg(patient_id), array_agg(reported_on))
    FROM (SELECT DISTINCT patient_id, reported_on FROM old_rows) o;
  ELSE
    -- A note-only edit leaves the score, so it refreshes nothing.
    PERFORM patient_day_totals_refresh(array_agg(patient_id), array_agg(reported_on))
    FROM (
      SELECT n.patient_id, n.reported_on FROM new_rows n
      LEFT JOIN old_rows o ON o.id = n.id
      WHERE o.id IS NULL OR (o.patient_id, o.reported_on, o.score)
            IS DISTINCT FROM (n.patient_id, n.reported_on, n.score)
      UNION
      SELECT o.patient_id, o.reported_on FROM old_rows o
      LEFT JOIN new_rows n ON n.id = o.id
      WHERE n.id IS NULL OR (o.patient_id, o.reported_on, o.score)
            IS DISTINCT FROM (n.patient_id, n.reported_on, n.score)
    ) u;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER pain_reports_rollup_insert AFTER INSERT ON pain_reports
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION patient_day_totals_after_pain_reports();
--> statement-breakpoint
CREATE TRIGGER pain_reports_rollup_update AFTER UPDATE ON pain_reports
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION patient_day_totals_after_pain_reports();
--> statement-breakpoint
CREATE TRIGGER pain_reports_rollup_delete AFTER DELETE ON pain_reports
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION patient_day_totals_after_pain_reports();
--> statement-breakpoint
CREATE FUNCTION patient_day_totals_after_routines() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- A new version with no items yet counts nothing; its items' trigger refreshes its days.
  IF TG_OP = 'DELETE' THEN
    PERFORM patient_day_totals_refresh_spans(
      array_agg(patient_id), array_agg(start_date), array_agg(end_date))
    FROM old_rows;
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM patient_day_totals_refresh_spans(
      array_agg(patient_id), array_agg(start_date), array_agg(end_date))
    FROM (
      SELECT o.patient_id, o.start_date, o.end_date
      FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE (o.patient_id, o.start_date, o.end_date)
            IS DISTINCT FROM (n.patient_id, n.start_date, n.end_date)
      UNION ALL
      SELECT n.patient_id, n.start_date, n.end_date
      FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE (o.patient_id, o.start_date, o.end_date)
            IS DISTINCT FROM (n.patient_id, n.start_date, n.end_date)
    ) changed;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER routines_rollup_update AFTER UPDATE ON routines
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION patient_day_totals_after_routines();
--> statement-breakpoint
CREATE TRIGGER routines_rollup_delete AFTER DELETE ON routines
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION patient_day_totals_after_routines();
--> statement-breakpoint
CREATE FUNCTION patient_day_totals_after_routine_items() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- The spans of the versions whose items changed (an item moved between versions: both).
  IF TG_OP = 'INSERT' THEN
    PERFORM patient_day_totals_refresh_spans(
      array_agg(r.patient_id), array_agg(r.start_date), array_agg(r.end_date))
    FROM routines r
    WHERE r.id IN (SELECT routine_id FROM new_rows);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM patient_day_totals_refresh_spans(
      array_agg(r.patient_id), array_agg(r.start_date), array_agg(r.end_date))
    FROM routines r
    WHERE r.id IN (SELECT routine_id FROM old_rows);
  ELSE
    PERFORM patient_day_totals_refresh_spans(
      array_agg(r.patient_id), array_agg(r.start_date), array_agg(r.end_date))
    FROM routines r
    WHERE r.id IN (
      SELECT n.routine_id FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE (o.routine_id, o.days_mask, o.times_per_day)
            IS DISTINCT FROM (n.routine_id, n.days_mask, n.times_per_day)
      UNION
      SELECT o.routine_id FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE (o.routine_id, o.days_mask, o.times_per_day)
            IS DISTINCT FROM (n.routine_id, n.days_mask, n.times_per_day)
    );
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER routine_items_rollup_insert AFTER INSERT ON routine_items
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION patient_day_totals_after_routine_items();
--> statement-breakpoint
CREATE TRIGGER routine_items_rollup_update AFTER UPDATE ON routine_items
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION patient_day_totals_after_routine_items();
--> statement-breakpoint
CREATE TRIGGER routine_items_rollup_delete AFTER DELETE ON routine_items
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION patient_day_totals_after_routine_items();
--> statement-breakpoint
-- Backfill: every day of existing data, through the same function as the triggers. A year of
-- a 1,000-patient clinic takes longer than the app's statement timeout, which the migrator's
-- connection has: lifted for the rest of this (migration) transaction only.
SET LOCAL statement_timeout = 0;
--> statement-breakpoint
SELECT patient_day_totals_refresh(array_agg(patient_id), array_agg(day))
FROM (
  SELECT patient_id, performed_on AS day FROM completions
  UNION
  SELECT patient_id, reported_on FROM pain_reports
) existing;
--> statement-breakpoint
-- Statistics now, so the first reads plan per-patient index scans rather than a scan of the table.
-- (Autovacuum then sets the visibility map that makes those scans index-only.)
ANALYZE patient_day_totals;
