import 'server-only';
import { and, asc, count, eq, ilike, ne, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { getDb } from '@/db/client';
import { patientProfiles, userSessions, users, type Role } from '@/db/schema';
import type { AccountFilters } from '@/lib/account-filters';
import { invalid, notFound, ok, type Actor, type Outcome } from './actor';
import { recordAudit } from './audit';

export interface AccountRow {
  id: string;
  name: string;
  email: string;
  role: Role;
  active: boolean;
  physioName: string | null;
  hasPassword: boolean;
}

const physio = alias(users, 'physio');

/** Every account in the clinic, for an admin; nobody else has an account list. */
export async function listAccounts(
  actor: Actor,
  filters: AccountFilters = {},
): Promise<AccountRow[] | null> {
  if (actor.role !== 'admin') return null;
  const db = await getDb();
  const conditions: SQL[] = [];
  if (filters.role) conditions.push(eq(users.role, filters.role));
  if (filters.status) conditions.push(eq(users.active, filters.status === 'active'));
  if (filters.search) {
    const pattern = `%${filters.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const match = or(ilike(users.name, pattern), ilike(users.email, pattern));
    if (match) conditions.push(match);
  }
  return db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      active: users.active,
      physioName: physio.name,
      hasPassword: sql<boolean>`${users.passwordHash} is not null`,
    })
    .from(users)
    .leftJoin(patientProfiles, eq(patientProfiles.userId, users.id))
    .leftJoin(physio, eq(physio.id, patientProfiles.physioId))
    .where(and(...conditions))
    .orderBy(asc(users.role), asc(users.name));
}

/**
 * Deactivates or reactivates an account (admin only). Deactivation bumps the session version and
 * ends open sessions, so the account loses access on its very next request. Nothing is deleted.
 */
export async function setAccountActive(
  actor: Actor,
  input: { userId: string; active: boolean },
): Promise<Outcome<{ name: string }>> {
  if (actor.role !== 'admin') return notFound;
  const db = await getDb();
  return db.transaction(async (tx) => {
    // Locks the target row so two admins deactivating each other cannot both pass the check below.
    const [target] = await tx
      .select({ id: users.id, name: users.name, role: users.role, active: users.active })
      .from(users)
      .where(eq(users.id, input.userId))
      .for('update');
    if (!target) return notFound;
    if (target.active === input.active) return ok({ name: target.name });

    if (!input.active && target.role === 'admin') {
      const [admins] = await tx
        .select({ n: count() })
        .from(users)
        .where(and(eq(users.role, 'admin'), eq(users.active, true), ne(users.id, target.id)));
      if ((admins?.n ?? 0) === 0) {
        return invalid('The clinic needs at least one active admin, so this account stays active.');
      }
    }

    await tx
      .update(users)
      .set({
        active: input.active,
        updatedAt: new Date(),
        ...(input.active ? {} : { sessionVersion: sql`${users.sessionVersion} + 1` }),
      })
      .where(eq(users.id, target.id));
    if (!input.active) {
      await tx
        .update(userSessions)
        .set({ endedAt: new Date() })
        .where(and(eq(userSessions.userId, target.id), sql`${userSessions.endedAt} is null`));
    }
    await recordAudit(tx, {
      actorId: actor.id,
      action: input.active ? 'account.reactivated' : 'account.deactivated',
      targetType: 'user',
      targetId: target.id,
      ip: actor.ip,
    });
    return ok({ name: target.name });
  });
}
