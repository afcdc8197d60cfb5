import { daysBetween, weekStart, type IsoDate } from '@/lib/dates';
import type { WeeklyMetrics } from './types';

/** A week of a patient's progress as the chart and the weekly table show it. */
export interface ProgressWeek extends WeeklyMetrics {
  /** 1 for the week the first routine started in; null for a week before it. */
  programmeWeek: number | null;
}

export function programmeWeek(week: IsoDate, firstRoutineStart: IsoDate | null): number | null {
  if (!firstRoutineStart) return null;
  const n = daysBetween(weekStart(firstRoutineStart), week) / 7 + 1;
  return n >= 1 ? n : null;
}
