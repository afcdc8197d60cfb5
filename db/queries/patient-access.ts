import 'server-only';
import { and, eq, type SQL } from 'drizzle-orm';
import { getDb, type Executor, type Transaction } from '@/db/client';
import { patientProfiles } from '@/db/schema';
import type { IsoDate } from '@/lib/dates';
import { notFound, type Actor, type Outcome } from './actor';

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
  const [profile] = await tx
    .select({ userId: patientProfiles.userId, dischargedOn: patientProfiles.dischargedOn })
    .from(patientProfiles)
    .where(visiblePatient(actor, patientId))
    .for('update');
  return profile ?? null;
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
