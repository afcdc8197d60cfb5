import 'server-only';
import { eq, min, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { getReadDb } from '@/db/replica';
import { rollupWeeklyTotals } from '@/db/metrics-rollup';
import { patientProfiles, routines, users } from '@/db/schema';
import type { IsoDate } from '@/lib/dates';
import { programmeWeek, type ProgressWeek } from '@/lib/metrics/progress';
import { toWeeklyMetrics } from '@/lib/metrics/weekly';
import type { Actor } from './actor';
import { visiblePatient } from './patient-access';

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

  const totals = await rollupWeeklyTotals(db, { scope: { patientId: patient.id }, today });
  return {
    patient,
    today,
    weeks: totals.map((week) => ({
      ...toWeeklyMetrics(week),
      programmeWeek: programmeWeek(week.weekStart, patient.firstRoutineStart),
    })),
  };
}
