import 'server-only';
import { eq, min, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '@/db/client';
import { getReadDb } from '@/db/replica';
import { rollupWeeklyTotals } from '@/db/metrics-rollup';
import { patientProfiles, routines, users } from '@/db/schema';
import type { IsoDate } from '@/lib/dates';
import { programmeWeek, type ProgressWeek } from '@/lib/metrics/progress';
import { toWeeklyMetrics } from '@/lib/metrics/weekly';
import type { Actor } from './actor';
import { visiblePatient, type CheckedPatient } from './patient-access';

export interface PatientProgress {
  patient: {
    id: string;
    name: string;
    physioName: string;
    firstRoutineStart: IsoDate | null;
    dischargedOn: IsoDate | null;
  };
  today: IsoDate;
  weeks: ProgressWeek[];
}

const physio = alias(users, 'physio');

/**
 * A patient's week-by-week progress over the whole programme, or null when the actor may not see
 * this patient (or there is no such patient): the caller shows "not found" either way.
 */
export async function getPatientProgress(
  actor: Actor,
  patientId: string,
  today: IsoDate,
): Promise<PatientProgress | null> {
  // The PDF report reads this from the replica (db/replica.ts); the pages from the primary.
  const db = await getReadDb();
  const [patient] = await db
    .select({
      id: users.id,
      name: users.name,
      physioName: physio.name,
      dischargedOn: patientProfiles.dischargedOn,
      firstRoutineStart: sql<IsoDate | null>`(
        select ${min(routines.startDate)} from ${routines}
        where ${routines.patientId} = ${patientProfiles.userId}
      )::text`,
    })
    .from(patientProfiles)
    .innerJoin(users, eq(users.id, patientProfiles.userId))
    .innerJoin(physio, eq(physio.id, patientProfiles.physioId))
    .where(visiblePatient(actor, patientId));
  if (!patient) return null;
  return { patient, today, weeks: await weeksOf(db, patient, today) };
}

/**
 * The weeks of getPatientProgress for a patient already checked (the record page, which shows
 * the patient from its own read): one statement.
 */
export async function progressWeeksOf(
  patient: CheckedPatient,
  today: IsoDate,
): Promise<ProgressWeek[]> {
  return weeksOf(await getReadDb(), patient, today);
}

async function weeksOf(
  db: Executor,
  patient: { id: string; firstRoutineStart: IsoDate | null },
  today: IsoDate,
): Promise<ProgressWeek[]> {
  const totals = await rollupWeeklyTotals(db, { scope: { patientId: patient.id }, today });
  return totals.map((week) => ({
    ...toWeeklyMetrics(week),
    programmeWeek: programmeWeek(week.weekStart, patient.firstRoutineStart),
  }));
}
