import { adherencePct, meanPain } from './rounding';
import type { WeekTotals, WeeklyMetrics } from './types';

export function toWeeklyMetrics(totals: WeekTotals): WeeklyMetrics {
  return {
    patientId: totals.patientId,
    weekStart: totals.weekStart,
    prescribedSessions: totals.prescribedSessions,
    completedSessions: totals.completedSessions,
    adherencePct: adherencePct(totals.completedSessions, totals.prescribedSessions),
    meanPain: meanPain(totals.painSum, totals.painReports),
    painReports: totals.painReports,
  };
}
