import 'server-only';
import { and, count, desc, eq, gte, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { getReadDb, readFromReplica } from '@/db/replica';
import { auditEvents, users, type Role } from '@/db/schema';
import { auditTimeRange, type AuditFilters } from '@/lib/audit-filters';
import type { Actor } from './actor';
import { containsPattern } from './accounts';

export interface AuditLogRow {
  id: number;
  occurredAt: Date;
  action: string;
  actorId: string | null;
  actorName: string | null;
  actorEmail: string | null;
  actorRole: Role | null;
  targetType: string | null;
  targetId: string | null;
  /** The account a `user` or `patient` target refers to, when it does. */
  targetName: string | null;
  targetEmail: string | null;
  ip: string | null;
  /** Non-clinical facts about the event (ids, roles, filters), as recorded. */
  details: unknown;
}

export interface AuditLogPage {
  rows: AuditLogRow[];
  /** Entries matching the filters, on every page. */
  total: number;
  page: number;
  pageCount: number;
}

const actorUser = alias(users, 'actor_user');
const targetUser = alias(users, 'target_user');

function conditions(filters: Omit<AuditFilters, 'page'>): SQL | undefined {
  const where: (SQL | undefined)[] = [];
  if (filters.action) where.push(eq(auditEvents.action, filters.action));
  if (filters.who) {
    const pattern = containsPattern(filters.who);
    where.push(
      or(
        ilike(actorUser.name, pattern),
        ilike(actorUser.email, pattern),
        // A system reading with an API token has no account: the entry names the token instead.
        and(
          sql`${auditEvents.details} ->> 'via' = 'api_token'`,
          ilike(sql`${auditEvents.details} ->> 'tokenName'`, pattern),
        ),
      ),
    );
  }
  const { since, before } = auditTimeRange(filters);
  if (since) where.push(gte(auditEvents.occurredAt, since));
  if (before) where.push(lt(auditEvents.occurredAt, before));
  return and(...where);
}

/**
 * The audit log for an admin, newest first, a page at a time; null for anyone else. Reading is
 * all there is: the table refuses updates and deletes, and the app offers neither.
 */
export async function listAuditEvents(
  actor: Actor,
  filters: AuditFilters,
  options: { pageSize: number },
): Promise<AuditLogPage | null> {
  if (actor.role !== 'admin') return null;
  // From the replica when it is fit to answer (db/replica.ts), else the primary.
  const { result } = await readFromReplica('audit log', () => readAuditPage(filters, options));
  return result;
}

async function readAuditPage(
  filters: AuditFilters,
  options: { pageSize: number },
): Promise<AuditLogPage> {
  const db = await getReadDb();
  const where = conditions(filters);
  const [[totals], rows] = await Promise.all([
    db
      .select({ n: count() })
      .from(auditEvents)
      .leftJoin(actorUser, eq(actorUser.id, auditEvents.actorId))
      .where(where),
    db
      .select({
        id: auditEvents.id,
        occurredAt: auditEvents.occurredAt,
        action: auditEvents.action,
        actorId: auditEvents.actorId,
        actorName: actorUser.name,
        actorEmail: actorUser.email,
        actorRole: actorUser.role,
        targetType: auditEvents.targetType,
        targetId: auditEvents.targetId,
        targetName: targetUser.name,
        targetEmail: targetUser.email,
        ip: auditEvents.ip,
        details: auditEvents.details,
      })
      .from(auditEvents)
      .leftJoin(actorUser, eq(actorUser.id, auditEvents.actorId))
      .leftJoin(
        targetUser,
        and(
          inArray(auditEvents.targetType, ['user', 'patient']),
          eq(sql`${targetUser.id}::text`, auditEvents.targetId),
        ),
      )
      .where(where)
      .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
      .limit(options.pageSize)
      .offset((filters.page - 1) * options.pageSize),
  ]);
  const total = totals?.n ?? 0;
  return {
    rows,
    total,
    page: filters.page,
    pageCount: Math.max(1, Math.ceil(total / options.pageSize)),
  };
}
