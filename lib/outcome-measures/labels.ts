import type { Change } from '@/lib/outcome-measures/change';
import type { ChangeRule } from '@/lib/outcome-measures/definition';

/** A score as the record shows it: up to two decimals, no trailing zeros (3.5, 6, 4.33). */
export function formatScore(score: number): string {
  return String(Math.round(score * 100) / 100);
}

/** A signed change, e.g. "+2.5" or "-1" (a hyphen: the PDF's standard fonts have no minus sign). */
export function formatDelta(delta: number): string {
  const text = formatScore(Math.abs(delta));
  return delta > 0 ? `+${text}` : delta < 0 ? `-${text}` : '0';
}

export const VERDICT_LABEL: Record<NonNullable<Change['verdict']>, string> = {
  improvement: 'Clinically important improvement',
  worsening: 'Clinically important worsening',
  no_important_change: 'No clinically important change',
};

/** The threshold in words: "2 points", "5 points or 30 %". */
export function thresholdText(rule: ChangeRule): string {
  const { points, percent } = rule.improvement;
  return [
    points !== undefined ? `${points} points` : null,
    percent !== undefined ? `${percent} %` : null,
  ]
    .filter(Boolean)
    .join(' or ');
}

/**
 * Half the width of the "no important change" band around the baseline on the chart: the smaller
 * of the thresholds, since reaching either counts.
 */
export function bandHalfWidth(rule: ChangeRule, baseline: number): number | null {
  const { points, percent } = rule.improvement;
  const widths = [
    points,
    percent !== undefined && baseline !== 0 ? (Math.abs(baseline) * percent) / 100 : undefined,
  ].filter((w): w is number => w !== undefined);
  return widths.length > 0 ? Math.min(...widths) : null;
}
