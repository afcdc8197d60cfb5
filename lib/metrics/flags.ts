import { adherencePct, meanPain } from './rounding';
import type { FlagId, PatientSummary, WindowTotals } from './types';

/** Text shown wherever a flag appears, so the rule behind it is never a mystery. */
export const FLAG_INFO: Record<FlagId, { label: string; explanation: string }> = {
  pain_rising: {
    label: 'Pain rising',
    explanation:
      'Mean pain over the last 7 days is at least 2 points above the 7 days before (2 points is the minimal clinically important difference on the 0–10 scale).',
  },
  low_adherence: {
    label: 'Low adherence',
    explanation: 'Fewer than half of the prescribed sessions were done over the last 14 days.',
  },
  inactive: {
    label: 'Inactive',
    explanation:
      'Has an active routine but logged no exercise and no pain score in the last 7 days.',
  },
  improving: {
    label: 'Improving',
    explanation:
      'Mean pain over the last 7 days is at least 2 points, or at least 30%, below the baseline (the first 7 days of the programme with pain scores).',
  },
  outcome_due: {
    label: 'Outcome due',
    explanation:
      'An assigned questionnaire (outcome measure) has been due for more than 3 days without an answer.',
  },
};

/*
 * The comparisons are made on integer sums and counts (cross-multiplied), not on rounded means,
 * so a mean of 5.65 against 3.65 is exactly 2 points apart.
 */

function painRising(t: WindowTotals): boolean {
  if (t.painReports7 === 0 || t.painReportsPrevious7 === 0) return false;
  // sum7/n7 - sumPrev/nPrev >= 2
  return (
    t.painSum7 * t.painReportsPrevious7 - t.painSumPrevious7 * t.painReports7 >=
    2 * t.painReports7 * t.painReportsPrevious7
  );
}

function lowAdherence(t: WindowTotals): boolean {
  // 100 * completed / prescribed < 50
  return t.prescribed14 > 0 && 2 * t.completed14 < t.prescribed14;
}

function inactive(t: WindowTotals): boolean {
  return t.hasActiveRoutine && !t.activeInLast7Days;
}

function improving(t: WindowTotals): boolean {
  if (t.painReports7 === 0 || t.baselinePainReports === 0) return false;
  const last = t.painSum7 * t.baselinePainReports; // mean7 scaled by n7 * nBase
  const base = t.baselinePainSum * t.painReports7; // baseline scaled the same way
  const scale = t.painReports7 * t.baselinePainReports;
  return last < base && (last <= base - 2 * scale || 10 * last <= 7 * base);
}

export function flagsFor(t: WindowTotals): FlagId[] {
  const flags: FlagId[] = [];
  if (painRising(t)) flags.push('pain_rising');
  if (lowAdherence(t)) flags.push('low_adherence');
  if (inactive(t)) flags.push('inactive');
  if (improving(t)) flags.push('improving');
  return flags;
}

export function summarise(t: WindowTotals): PatientSummary {
  return {
    patientId: t.patientId,
    adherence14Pct: adherencePct(t.completed14, t.prescribed14),
    meanPain7: meanPain(t.painSum7, t.painReports7),
    meanPainPrevious7: meanPain(t.painSumPrevious7, t.painReportsPrevious7),
    baselinePain: meanPain(t.baselinePainSum, t.baselinePainReports),
    lastActivity: t.lastActivity,
    flags: flagsFor(t),
  };
}
