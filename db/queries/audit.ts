import 'server-only';
import type { Executor } from '@/db/client';
import { auditEvents } from '@/db/schema';

/**
 * Audit actions, named `area.verb`. Entries say who did what to which record, never clinical
 * content (no pain scores, notes or conditions).
 */
export type AuditAction =
  | 'auth.sign_in'
  | 'auth.sign_in_failed'
  | 'auth.sign_out'
  | 'access.denied'
  | 'account.created'
  | 'account.deactivated'
  | 'account.reactivated'
  | 'account.password_link_issued'
  | 'account.password_set'
  | 'account.password_link_failed'
  | 'patient.assigned'
  | 'patient.discharged'
  | 'patient.restored'
  | 'routine.saved'
  | 'routine.ended'
  | 'export.weekly_csv'
  | 'export.progress_pdf'
  | 'export.fhir';

export interface AuditEntry {
  actorId: string | null;
  action: AuditAction;
  targetType?:
    | 'user'
    | 'patient'
    | 'routine'
    | 'exercise'
    | 'report'
    // access.denied: the page, server action or route handler that was asked for.
    | 'page'
    | 'action'
    | 'route';
  targetId?: string;
  ip?: string;
  details?: Record<string, string | number | boolean | null>;
}

/** Pass the transaction of the change being recorded, so the entry and the change land together. */
export async function recordAudit(executor: Executor, entry: AuditEntry): Promise<void> {
  await executor.insert(auditEvents).values({
    actorId: entry.actorId,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    ip: entry.ip ?? null,
    details: entry.details ?? {},
  });
}
