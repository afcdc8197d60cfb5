import 'server-only';
import { getDb } from '@/db/client';
import { auditedActor, type Actor } from './actor';
import type { TokenRefusal } from './api-tokens';
import { recordAudit, type AuditEntry } from './audit';

/** Where the refused request came in: a page, a server action or a route handler. */
export type DeniedKind = 'page' | 'action' | 'route';

/**
 * Why it was refused: nobody (valid) signed in, a role that has no such page or action, or a
 * record the user may not see or that does not exist (the same answer, "not found", for both), or
 * an API token that is unknown, expired, revoked or whose accounts are deactivated.
 */
export type DeniedReason = 'signed_out' | 'role' | 'not_found' | 'token_refused';

export interface DeniedRequest {
  kind: DeniedKind;
  /** The path asked for, or the server action's name. A query string is never kept. */
  what: string;
  reason: DeniedReason;
  /** The ids of the records asked for, by field name (`id`, `patientId` …). */
  ids?: Record<string, unknown>;
  /** For `token_refused`: why (db/queries/api-tokens.ts); never any part of the secret. */
  tokenRefusal?: TokenRefusal;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ID_FIELD = /^(id|[a-z][A-Za-z0-9]*Id)$/;
const MAX_WHAT = 200;

/**
 * The audit entry for a refused request. It names the request and the records' ids and nothing
 * else: a query string can hold a patient's name (a caseload search), so it is cut off, and only
 * fields named as ids whose values are well-formed UUIDs are kept from the input.
 */
export function deniedAuditEntry(
  actor: Actor | null,
  request: DeniedRequest,
  ip: string | undefined,
): AuditEntry {
  const what = request.what.split(/[?#]/, 1)[0]!.slice(0, MAX_WHAT);
  const { actorId, via } = auditedActor(actor);
  const details: Record<string, string> = { reason: request.reason, ...via };
  if (request.tokenRefusal) details.token = request.tokenRefusal;
  for (const [field, value] of Object.entries(request.ids ?? {})) {
    if (ID_FIELD.test(field) && typeof value === 'string' && UUID.test(value)) {
      details[field] = value.toLowerCase();
    }
  }
  return {
    actorId,
    action: 'access.denied',
    targetType: request.kind,
    targetId: what,
    ip,
    details,
  };
}

/**
 * Writes one `access.denied` entry. The refusal stands whatever happens here: if the audit log
 * cannot be written the cause is logged on the server and the user still gets "not found".
 */
export async function recordDenied(
  actor: Actor | null,
  request: DeniedRequest,
  ip: string | undefined,
): Promise<void> {
  try {
    await recordAudit(await getDb(), deniedAuditEntry(actor, request, ip));
  } catch (error) {
    console.error('could not record a denied request in the audit log', error);
  }
}
