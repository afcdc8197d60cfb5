import 'server-only';
import { count, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { getDb } from '@/db/client';
import { getReadDb } from '@/db/replica';
import { painReports, patientProfiles, routines, users } from '@/db/schema';
import type { IsoDate } from '@/lib/dates';
import { planDischarge } from '@/lib/routine-versions';
import type { AddPatientInput } from '@/lib/validation/patient';
import { invalid, notFound, ok, type Actor, type Outcome } from './actor';
import { EMAIL_TAKEN, emailInUse, insertPatientAccount, isUniqueViolation } from './accounts';
import { recordAudit } from './audit';
import { visiblePatient, visiblePatientId, withLockedPatient } from './patient-access';
import { completionDays } from './routine-completions';
import { endVersions, lockVersions } from './routine-writes';

/**
 * A physio adds a patient to their own caseload: the account (with no password yet), the profile,
 * and a one-time set-password link to hand over.
 */
export async function addPatient(
  actor: Actor,
  input: AddPatientInput,
): Promise<Outcome<{ patientId: string; token: string }>> {
  if (actor.role !== 'physio') return notFound;
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      if (await emailInUse(tx, input.email)) return invalid(EMAIL_TAKEN, 'email');

      return ok(await insertPatientAccount(tx, actor, { ...input, physioId: actor.id }));
    });
  } catch (error) {
    // Two people adding the same email at the same moment: the unique index decides.
    if (isUniqueViolation(error)) return invalid(EMAIL_TAKEN, 'email');
    throw error;
  }
}

/**
 * Discharges a patient today: the discharge date is today and the programme in force ends today,
 * so no day before today loses what was prescribed (lib/routine-versions.ts `planDischarge`).
 * Nothing is deleted; the physio can restore the patient.
 */
export async function dischargePatient(
  actor: Actor,
  patientId: string,
  today: IsoDate,
): Promise<Outcome> {
  if (actor.role !== 'physio' && actor.role !== 'admin') return notFound;
  return withLockedPatient(actor, patientId, async (tx, profile) => {
    if (profile.dischargedOn) return ok(undefined);

    const plan = planDischarge({ versions: await lockVersions(tx, profile.userId), today });
    await tx
      .update(patientProfiles)
      .set({ dischargedOn: plan.dischargedOn })
      .where(eq(patientProfiles.userId, profile.userId));
    await endVersions(tx, profile.userId, plan.ends);
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'patient.discharged',
      targetType: 'patient',
      targetId: profile.userId,
      ip: actor.ip,
    });
    return ok(undefined);
  });
}

/** Undoes a discharge. The programme stays ended: the physio assigns a new one when needed. */
export async function restorePatient(actor: Actor, patientId: string): Promise<Outcome> {
  if (actor.role !== 'physio' && actor.role !== 'admin') return notFound;
  return withLockedPatient(actor, patientId, async (tx, profile) => {
    if (!profile.dischargedOn) return ok(undefined);
    await tx
      .update(patientProfiles)
      .set({ dischargedOn: null })
      .where(eq(patientProfiles.userId, profile.userId));
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'patient.restored',
      targetType: 'patient',
      targetId: profile.userId,
      ip: actor.ip,
    });
    return ok(undefined);
  });
}

export interface PatientRecord {
  id: string;
  name: string;
  email: string;
  dateOfBirth: IsoDate | null;
  condition: string;
  goal: string;
  dischargedOn: IsoDate | null;
  physioName: string;
  firstRoutineStart: IsoDate | null;
  hasPassword: boolean;
  active: boolean;
}

const physio = alias(users, 'physio');

export async function getPatientRecord(
  actor: Actor,
  patientId: string,
): Promise<PatientRecord | null> {
  // The PDF report reads this from the replica (db/replica.ts); the record page from the primary.
  const db = await getReadDb();
  const [row] = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      dateOfBirth: patientProfiles.dateOfBirth,
      condition: patientProfiles.condition,
      goal: patientProfiles.goal,
      dischargedOn: patientProfiles.dischargedOn,
      physioName: physio.name,
      firstRoutineStart: sql<IsoDate | null>`(
        select min(${routines.startDate}) from ${routines}
        where ${routines.patientId} = ${patientProfiles.userId}
      )::text`,
      hasPassword: sql<boolean>`${users.passwordHash} is not null`,
      active: users.active,
    })
    .from(patientProfiles)
    .innerJoin(users, eq(users.id, patientProfiles.userId))
    .innerJoin(physio, eq(physio.id, patientProfiles.physioId))
    .where(visiblePatient(actor, patientId));
  return row ?? null;
}

export interface PainReportRow {
  reportedOn: IsoDate;
  score: number;
  note: string;
}

/** A patient's pain reports, newest first, a page at a time. */
export async function listPainReports(
  actor: Actor,
  patientId: string,
  options: { page: number; pageSize: number },
): Promise<{ rows: PainReportRow[]; total: number } | null> {
  const db = await getDb();
  const visibleId = await visiblePatientId(db, actor, patientId);
  if (!visibleId) return null;
  const [rows, [total]] = await Promise.all([
    db
      .select({
        reportedOn: painReports.reportedOn,
        score: painReports.score,
        note: painReports.note,
      })
      .from(painReports)
      .where(eq(painReports.patientId, visibleId))
      .orderBy(desc(painReports.reportedOn))
      .limit(options.pageSize)
      .offset((options.page - 1) * options.pageSize),
    db.select({ n: count() }).from(painReports).where(eq(painReports.patientId, visibleId)),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export interface CompletionDay {
  performedOn: IsoDate;
  exercises: { name: string; sessions: number; timesPerDay: number }[];
}

/** What the patient ticked off over the last days, grouped by day, newest first. */
export async function listRecentCompletions(
  actor: Actor,
  patientId: string,
  options: { from: IsoDate; to: IsoDate },
): Promise<CompletionDay[] | null> {
  const db = await getDb();
  const visibleId = await visiblePatientId(db, actor, patientId);
  if (!visibleId) return null;
  const rows = await completionDays(db, visibleId, { ...options, newestFirst: true });
  const days = new Map<IsoDate, CompletionDay>();
  for (const row of rows) {
    const day = days.get(row.performedOn) ?? { performedOn: row.performedOn, exercises: [] };
    day.exercises.push({
      name: row.exerciseName,
      sessions: row.sessions,
      timesPerDay: row.timesPerDay,
    });
    days.set(row.performedOn, day);
  }
  return [...days.values()];
}
