import 'server-only';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { getDb, type Executor, type Transaction } from '@/db/client';
import { rowsOf } from '@/db/metrics';
import { patientProfiles, routines } from '@/db/schema';
import type { IsoDate } from '@/lib/dates';
import { notFound, type Actor, type Outcome } from './actor';
import {
  afterClaim,
  claimKeyStatement,
  withIdempotency,
  type IdempotentRequest,
  type KeepResult,
} from './idempotency';

/**
 * The one rule for whose clinical records a user may see, as a condition on patient_profiles:
 * a patient only their own, a physio only the patients assigned to them, an admin everyone.
 */
export function visiblePatients(actor: Actor): SQL | undefined {
  switch (actor.role) {
    case 'patient':
      return eq(patientProfiles.userId, actor.id);
    case 'physio':
      return eq(patientProfiles.physioId, actor.id);
    case 'admin':
      return undefined;
  }
}

export function visiblePatient(actor: Actor, patientId: string): SQL | undefined {
  return and(eq(patientProfiles.userId, patientId), visiblePatients(actor));
}

/** The patient's id, if the actor may see them; null otherwise (or without an id to look up). */
export async function visiblePatientId(
  db: Executor,
  actor: Actor,
  patientId: string | undefined,
): Promise<string | null> {
  if (!patientId) return null;
  const [row] = await db
    .select({ id: patientProfiles.userId })
    .from(patientProfiles)
    .where(visiblePatient(actor, patientId));
  return row?.id ?? null;
}

declare const checked: unique symbol;

/**
 * A patient the actor was found allowed to see, with the two facts most reads about them need.
 * Only this module makes one (`checkedPatient`, from a row selected through `visiblePatient`), so
 * a read that takes a CheckedPatient instead of (actor, patientId) reads someone the actor may
 * see without checking again: a page that shows several parts of one record checks once.
 */
export interface CheckedPatient {
  readonly actor: Actor;
  readonly id: string;
  readonly dischargedOn: IsoDate | null;
  /** The first routine version's start: where programme weeks and outcome schedules count from. */
  readonly firstRoutineStart: IsoDate | null;
  readonly [checked]: true;
}

/** The columns a CheckedPatient is made from, for a select through `visiblePatient`. */
export const checkedColumns = {
  id: patientProfiles.userId,
  dischargedOn: patientProfiles.dischargedOn,
  firstRoutineStart: sql<IsoDate | null>`(
    select min(${routines.startDate}) from ${routines}
    where ${routines.patientId} = ${patientProfiles.userId}
  )::text`,
};

/**
 * The CheckedPatient for a row of `checkedColumns` that was selected with `visiblePatient(actor,
 * …)` as its condition: the caller vouches for that, which is why only the data layer calls it.
 */
export function checkedPatient(
  actor: Actor,
  row: { id: string; dischargedOn: IsoDate | null; firstRoutineStart: IsoDate | null },
): CheckedPatient {
  return {
    actor,
    id: row.id,
    dischargedOn: row.dischargedOn,
    firstRoutineStart: row.firstRoutineStart,
  } as CheckedPatient;
}

/** The patient, checked, if the actor may see them; null otherwise (or without an id). */
export async function checkPatient(
  db: Executor,
  actor: Actor,
  patientId: string | undefined,
): Promise<CheckedPatient | null> {
  if (!patientId) return null;
  const [row] = await db
    .select(checkedColumns)
    .from(patientProfiles)
    .where(visiblePatient(actor, patientId));
  return row ? checkedPatient(actor, row) : null;
}

/** A patient profile locked for the rest of the transaction. */
export interface LockedPatient {
  userId: string;
  dischargedOn: IsoDate | null;
}

/**
 * Locks a patient's profile, if the actor may see it, so that writes about one patient (their day
 * log, a routine save, a discharge) run one after the other; null when it is not theirs to see.
 */
export async function lockVisiblePatient(
  tx: Executor,
  actor: Actor,
  patientId: string,
): Promise<LockedPatient | null> {
  const [profile] = await lockStatement(tx, actor, patientId);
  return profile ?? null;
}

/** The lock of lockVisiblePatient: its columns are `user_id` and `discharged_on`. */
function lockStatement(tx: Executor, actor: Actor, patientId: string) {
  return tx
    .select({ userId: patientProfiles.userId, dischargedOn: patientProfiles.dischargedOn })
    .from(patientProfiles)
    .where(visiblePatient(actor, patientId))
    .for('update');
}

/**
 * Runs a write about one patient in a transaction that first locks their profile
 * (lockVisiblePatient); not found, with nothing written, when it is not the actor's to see.
 */
export async function withLockedPatient<T>(
  actor: Actor,
  patientId: string,
  write: (tx: Transaction, profile: LockedPatient) => Promise<Outcome<T>>,
): Promise<Outcome<T>> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const profile = await lockVisiblePatient(tx, actor, patientId);
    return profile ? write(tx, profile) : notFound;
  });
}

/**
 * withLockedPatient and withIdempotency together: the patient locked and the key claimed in one
 * statement, a round trip fewer (each paid while the lock is held). The claim takes its row from
 * the locked profile (`insert … select … from locked`), so the insert has no row before the lock
 * is granted: the key is never claimed before the lock, and not at all for a patient the actor may
 * not see. The order matters. Two independent parts of one `with` may run in either order, and a
 * claim made before the lock would deadlock two requests with the same key: A claims the key and
 * waits for the lock that B holds, while B, holding it, inserts the same key and waits for A's
 * transaction to end (an insert waits on a key that an open transaction inserted, to know whether
 * it conflicts). Lock first and the second request queues on the lock, then finds the key taken.
 */
export async function withLockedPatientOnce<T>(
  actor: Actor,
  patientId: string,
  request: IdempotentRequest<T>,
  write: (tx: Transaction, profile: LockedPatient, keep: KeepResult<T>) => Promise<Outcome<T>>,
): Promise<Outcome<T>> {
  const { key } = request;
  if (!key) {
    return withLockedPatient(actor, patientId, (tx, profile) =>
      withIdempotency(tx, request, (keep) => write(tx, profile, keep)),
    );
  }
  const db = await getDb();
  return db.transaction(async (tx) => {
    const locked = lockStatement(tx, actor, patientId).getSQL();
    const claim = claimKeyStatement(request, key, sql`locked`);
    const [row] = rowsOf<{ userId: string; dischargedOn: IsoDate | null; claimed: boolean }>(
      await tx.execute(sql`
        with locked as (${locked}), claimed as (${claim})
        select user_id as "userId", discharged_on as "dischargedOn",
               exists (select from claimed) as claimed
        from locked`),
    );
    if (!row) return notFound;
    const profile = { userId: row.userId, dischargedOn: row.dischargedOn };
    return afterClaim(tx, request, row.claimed, (keep) => write(tx, profile, keep));
  });
}
