import type { IsoDate } from '@/lib/dates';

/** Integer totals for one patient and one ISO week, as the database aggregates them. */
export interface WeekTotals {
  patientId: string;
  /** The Monday of the ISO week. */
  weekStart: IsoDate;
  prescribedSessions: number;
  completedSessions: number;
  painSum: number;
  painReports: number;
}

/** One row of the spec's weekly metrics (the chart, the tables and the CSV all use this). */
export interface WeeklyMetrics {
  patientId: string;
  weekStart: IsoDate;
  prescribedSessions: number;
  completedSessions: number;
  adherencePct: number | null;
  meanPain: number | null;
  painReports: number;
}

/** Integer totals over the rolling windows behind the caseload columns and flags. */
export interface WindowTotals {
  patientId: string;
  /** Last 14 days, today included. */
  prescribed14: number;
  completed14: number;
  /** Last 7 days, today included. */
  painSum7: number;
  painReports7: number;
  /** The 7 days before those. */
  painSumPrevious7: number;
  painReportsPrevious7: number;
  /** The first 7 days with a pain report, on or after the first routine start. */
  baselinePainSum: number;
  baselinePainReports: number;
  hasActiveRoutine: boolean;
  /** Any completion or pain report in the last 7 days. */
  activeInLast7Days: boolean;
  /** The latest day with a completion or a pain report, up to today. */
  lastActivity: IsoDate | null;
}

export type FlagId =
  | 'pain_rising'
  | 'low_adherence'
  | 'inactive'
  | 'improving'
  // Not from the window totals: lib/outcome-measures/due.ts, added by db/queries/caseload.ts.
  | 'outcome_due';

export interface PatientSummary {
  patientId: string;
  adherence14Pct: number | null;
  meanPain7: number | null;
  meanPainPrevious7: number | null;
  baselinePain: number | null;
  lastActivity: IsoDate | null;
  flags: FlagId[];
}
