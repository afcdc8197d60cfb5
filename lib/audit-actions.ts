/**
 * Audit actions, named `area.verb` (the `audit_events.action` column). Entries say who did what
 * to which record, never clinical content (no pain scores, notes or conditions).
 */
export const AUDIT_ACTIONS = [
  'auth.sign_in',
  'auth.sign_in_failed',
  'auth.sign_out',
  'access.denied',
  'account.created',
  'account.deactivated',
  'account.reactivated',
  'account.password_link_issued',
  'account.password_set',
  'account.password_link_failed',
  'patient.assigned',
  'patient.discharged',
  'patient.restored',
  'routine.saved',
  'routine.ended',
  'outcome.assigned',
  'outcome.stopped',
  'export.weekly_csv',
  'export.outcomes_csv',
  'export.progress_pdf',
  'export.fhir',
  'api_token.created',
  'api_token.revoked',
  'api_token.used',
  'outcome_definition.added',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
