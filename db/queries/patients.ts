import 'server-only';
import { eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { getDb, type Executor } from '@/db/client';
import { rowsOf } from '@/db/metrics';
import { getReadDb } from '@/db/replica';
import { painReports, patientProfiles, users } from '@/db/schema';
import type { IsoDate } from '@/lib/dates';
import { planDischarge } from '@/lib/routine-versions';
import type { AddPatientInput } from '@/lib/validation/patient';
import { invalid, notFound, ok, type Actor, type Outcome } from './actor';
import { EMAIL_TAKEN, emailInUse, insertPatientAccount, isUniqueViolation } from './accounts';
import { recordAudit } from './audit';
import { remindersOn } from './reminders';
import {
  checkPatient,
  checkedColumns,
  checkedPatient,
  visiblePatient,
  withLockedPatient,
  type CheckedPatient,
} from './patient-access';
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
  const [row] = await recordRows(await getReadDb(), actor, patientId);
  return row ?? null;
}

/**
 * The top of the record page in one statement: the patient's record, whether their reminders are
 * on (db/queries/reminders.ts `remindersOn`), and the patient checked, for the page's other parts
 * to read without checking again. Null when the actor may not see the patient.
 */
export async function openPatientRecord(
  actor: Actor,
  patientId: string,
): Promise<{ record: PatientRecord; remindersOn: boolean; patient: CheckedPatient } | null> {
  const [row] = await recordRows(await getDb(), actor, patientId, {
    remindersOn: remindersOn(patientProfiles.userId),
  });
  if (!row) return null;
  const { remindersOn: on, ...record } = row;
  return { record, remindersOn: on, patient: checkedPatient(actor, record) };
}

function recordRows<Extra extends Record<string, SQL>>(
  db: Executor,
  actor: Actor,
  patientId: string,
  extra?: Extra,
) {
  return db
    .select({
      ...(extra as Extra),
      ...checkedColumns,
      name: users.name,
      email: users.email,
      dateOfBirth: patientProfiles.dateOfBirth,
      condition: patientProfiles.condition,
      goal: patientProfiles.goal,
      physioName: physio.name,
      hasPassword: sql<boolean>`${users.passwordHash} is not null`,
      active: users.active,
    })
    .from(patientProfiles)
    .innerJoin(users, eq(users.id, patientProfiles.userId))
    .innerJoin(physio, eq(physio.id, patientProfiles.physioId))
    .where(visiblePatient(actor, patientId));
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
  const patient = await checkPatient(await getDb(), actor, patientId);
  return patient ? painReportsOf(patient, options) : null;
}

/** listPainReports for a patient already checked. */
export async function painReportsOf(
  patient: CheckedPatient,
  options: { page: number; pageSize: number },
): Promise<{ rows: PainReportRow[]; total: number }> {
  const db = await getDb();
  // The page and the count in one statement: the count's one row, with the page's reports (none
  // past the last page) joined to it.
  const result = rowsOf<{
    total: number;
    reportedOn: IsoDate | null;
    score: number | null;
    note: string | null;
  }>(
    await db.execute(sql`
      select t.total, r.reported_on::text as "reportedOn", r.score, r.note
      from (
        select count(*)::int as total from ${painReports}
        where ${painReports.patientId} = ${patient.id}
      ) t
      left join lateral (
        select ${painReports.reportedOn}, ${painReports.score}, ${painReports.note}
        from ${painReports}
        where ${painReports.patientId} = ${patient.id}
        order by ${painReports.reportedOn} desc
        limit ${options.pageSize} offset ${(options.page - 1) * options.pageSize}
      ) r on true
      order by r.reported_on desc`),
  );
  const rows: PainReportRow[] = [];
  for (const row of result) {
    if (row.reportedOn === null) continue;
    rows.push({ reportedOn: row.reportedOn, score: row.score!, note: row.note! });
  }
  return { rows, total: result[0]?.total ?? 0 };
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
  const patient = await checkPatient(await getDb(), actor, patientId);
  return patient ? recentCompletionsOf(patient, options) : null;
}

/** listRecentCompletions for a patient already checked. */
export async function recentCompletionsOf(
  patient: CheckedPatient,
  options: { from: IsoDate; to: IsoDate },
): Promise<CompletionDay[]> {
  const db = await getDb();
  const rows = await completionDays(db, patient.id, { ...options, newestFirst: true });
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
