import type { IsoDate } from '@/lib/dates';
import type { ProgressWeek } from '@/lib/metrics/progress';
import type { PainChange } from '@/lib/metrics/pain-change';
import type { PatientSummary } from '@/lib/metrics/types';

/** What the progress report shows: gathered by db/queries/progress-report.ts. */

export interface ReportRoutineItem {
  exerciseName: string;
  sets: number;
  reps: number;
  holdSeconds: number | null;
  daysMask: number;
  timesPerDay: number;
}

/** A version of the programme in force during the report's period. */
export interface ReportRoutine {
  title: string;
  startDate: IsoDate;
  /** Inclusive; null while it runs open-ended. */
  endDate: IsoDate | null;
  items: ReportRoutineItem[];
}

export interface ProgressReportData {
  /** Shown under the "Adhere" header when the clinic has a name to print. */
  clinicName?: string | null;
  /** The day the report was made, in the clinic's time zone: "today" for every figure. */
  generatedOn: IsoDate;
  patient: {
    name: string;
    dateOfBirth: IsoDate | null;
    condition: string;
    goal: string;
    firstRoutineStart: IsoDate | null;
    dischargedOn: IsoDate | null;
  };
  physioName: string;
  /** Oldest first. */
  routines: ReportRoutine[];
  /** First week first, as getPatientProgress returns them. */
  weeks: ProgressWeek[];
  /** The caseload figures and flags as of generatedOn. */
  summary: PatientSummary;
  painChange: PainChange;
  /** The outcome measures answered (db/queries/outcome-measures.ts); absent in older callers. */
  outcomes?: ReportOutcome[];
}

/** One questionnaire's scores for the report, oldest first, each with the version it was given on. */
export interface ReportOutcome {
  name: string;
  scores: { answeredOn: IsoDate; score: number; version: number; group: string | null }[];
  /** Latest against the first, judged by the instrument's threshold; null without one or two scores. */
  change: { delta: number; verdict: string; threshold: string; source: string } | null;
}
