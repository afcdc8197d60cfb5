import 'server-only';
import type { Executor } from '@/db/client';
import { auditEvents } from '@/db/schema';
import type { AuditAction } from '@/lib/audit-actions';

export type { AuditAction } from '@/lib/audit-actions';

export interface AuditEntry {
  actorId: string | null;
  action: AuditAction;
  targetType?:
    | 'user'
    | 'patient'
    | 'routine'
    | 'exercise'
    | 'report'
    | 'api_token'
    // outcome_definition.added: `<id>@<version>`.
    | 'outcome_definition'
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
