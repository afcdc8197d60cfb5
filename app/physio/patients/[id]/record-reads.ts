import 'server-only';
import type { Actor } from '@/db/queries/actor';
import { outcomeRecordOf } from '@/db/queries/outcome-measures';
import type { CheckedPatient } from '@/db/queries/patient-access';
import { openPatientRecord, painReportsOf, recentCompletionsOf } from '@/db/queries/patients';
import { progressWeeksOf } from '@/db/queries/progress';
import { routineHistoryOf, routineInForceOf } from '@/db/queries/routines';
import { addDays, type IsoDate } from '@/lib/dates';

/*
 * What the physio's patient record page reads, in one place for the page and for the benchmark's
 * capture of its SQL (scripts/bench/page-sql.ts), so the two cannot drift apart.
 *
 * The patient is checked once, by the read of the record itself; every other part reads with the
 * CheckedPatient it returned. The parts below the top are asked for together, straight after the
 * top's reads answer: no later than a second check would have been, so checking again per part
 * only repeated the same statement.
 */

export const PAIN_PAGE_SIZE = 10;

/** The top of the page: who the patient is, the programme in force, whether reminders are on. */
export async function readRecordTop(actor: Actor, patientId: string, today: IsoDate) {
  const opened = await openPatientRecord(actor, patientId);
  if (!opened) return null;
  const { record, patient } = opened;
  // A discharged patient has no programme in force, and the page says so instead.
  const routine = record.dischargedOn ? null : await routineInForceOf(patient, today);
  return { ...opened, routine };
}

/** The sections below the top, read in parallel once the top has answered. */
export const recordSections = {
  progress: (patient: CheckedPatient, today: IsoDate) => progressWeeksOf(patient, today),
  outcomes: (patient: CheckedPatient, today: IsoDate) => outcomeRecordOf(patient, today),
  pain: (patient: CheckedPatient, page: number) =>
    painReportsOf(patient, { page, pageSize: PAIN_PAGE_SIZE }),
  completions: (patient: CheckedPatient, today: IsoDate) =>
    recentCompletionsOf(patient, { from: addDays(today, -13), to: today }),
  history: (patient: CheckedPatient) => routineHistoryOf(patient),
};
