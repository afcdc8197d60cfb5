import { meanPain, roundedRatio } from './rounding';
import type { WindowTotals } from './types';

/** Mean pain of the last 7 days against the baseline; numbers to one decimal, null when missing. */
export interface PainChange {
  baseline: number | null;
  last7: number | null;
  /** last7 − baseline in points (negative: less pain), from the unrounded means. */
  points: number | null;
  /** The same change as a share of the baseline, in %; null when the baseline is 0. */
  percent: number | null;
}

/** n / d × scale to one decimal, halves away from zero, so a fall and a rise round alike. */
function signedRatio(numerator: number, denominator: number, scale: number): number | null {
  const magnitude = roundedRatio(Math.abs(numerator), denominator, scale);
  if (magnitude === null) return null;
  return numerator < 0 ? -magnitude : magnitude;
}

/**
 * The change in pain from the baseline (the first 7 days of the programme with a score, as the
 * "Improving" flag defines it) to the last 7 days, computed from the integer sums like the flags.
 */
export function painChangeFromBaseline(t: WindowTotals): PainChange {
  const baseline = meanPain(t.baselinePainSum, t.baselinePainReports);
  const last7 = meanPain(t.painSum7, t.painReports7);
  if (baseline === null || last7 === null) return { baseline, last7, points: null, percent: null };
  // sum7/n7 − base/nBase = (sum7·nBase − base·n7) / (n7·nBase)
  const difference = t.painSum7 * t.baselinePainReports - t.baselinePainSum * t.painReports7;
  return {
    baseline,
    last7,
    points: signedRatio(difference, t.painReports7 * t.baselinePainReports, 1),
    percent:
      t.baselinePainSum === 0
        ? null
        : signedRatio(difference, t.painReports7 * t.baselinePainSum, 100),
  };
}
