import { daysBetween, weekStart, type IsoDate } from '@/lib/dates';
import type { WeeklyMetrics } from './types';

/** A week of a patient's progress as the chart and the weekly table show it. */
export interface ProgressWeek extends WeeklyMetrics {
  /** 1 for the week the first routine started in; null for a week before it. */
  programmeWeek: number | null;
}

/** A week as the chart and the tables show it: without the patient's id, which none of them shows. */
export type ShownWeek = Omit<ProgressWeek, 'patientId'>;

/**
 * The weeks a client component is sent (the progress panel): only what it renders, since every
 * prop crosses into the page's payload — a year of patient ids was 2.7 kB of each record page.
 */
export function shownWeeks(weeks: readonly ProgressWeek[]): ShownWeek[] {
  return weeks.map(({ patientId: _patientId, ...shown }) => shown);
}

export function programmeWeek(week: IsoDate, firstRoutineStart: IsoDate | null): number | null {
  if (!firstRoutineStart) return null;
  const n = daysBetween(weekStart(firstRoutineStart), week) / 7 + 1;
  return n >= 1 ? n : null;
}
