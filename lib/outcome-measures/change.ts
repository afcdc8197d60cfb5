import type { Definition } from './definition';

/**
 * Change from the baseline questionnaire to the latest one, judged by the instrument's own
 * thresholds and direction (RMDQ: lower is better; PSFS: higher is better).
 */

export type ChangeVerdict = 'improvement' | 'worsening' | 'no_important_change';

export type Change = {
  /** latest − baseline, in score points (negative when the score went down). */
  delta: number;
  /** delta as a percentage of the baseline score; null when the baseline is 0. */
  percentOfBaseline: number | null;
  /** null when the instrument has no published change threshold (STarT Back is a screening tool). */
  verdict: ChangeVerdict | null;
  /** Where the thresholds come from, to show beside the mark. */
  source: string | null;
};

type Scored = { instrument: { id: string; version: number }; score: number };

const reaches = (amount: number, baseline: number, t: { points?: number; percent?: number }) =>
  // A tiny tolerance so that 30 % of 10 (3.0000000000000004 in floating point) counts as 3.
  (t.points !== undefined && amount >= t.points - 1e-9) ||
  (t.percent !== undefined &&
    baseline !== 0 &&
    (amount / Math.abs(baseline)) * 100 >= t.percent - 1e-9);

export function changeFromBaseline(
  definition: Definition,
  baseline: Scored,
  latest: Scored,
): { ok: true; value: Change } | { ok: false; message: string } {
  for (const result of [baseline, latest]) {
    if (result.instrument.id !== definition.id) {
      return {
        ok: false,
        message: `A ${result.instrument.id} score cannot be compared with ${definition.name} thresholds.`,
      };
    }
  }
  const delta = latest.score - baseline.score;
  const percentOfBaseline = baseline.score === 0 ? null : (delta / Math.abs(baseline.score)) * 100;
  const rule = definition.change;
  if (!rule) return { ok: true, value: { delta, percentOfBaseline, verdict: null, source: null } };

  // "Better" as a positive number whichever way the scale runs.
  const gain = rule.direction === 'higher_is_better' ? delta : -delta;
  let verdict: ChangeVerdict = 'no_important_change';
  if (gain > 0 && reaches(gain, baseline.score, rule.improvement)) verdict = 'improvement';
  else if (gain < 0 && reaches(-gain, baseline.score, rule.worsening ?? rule.improvement))
    verdict = 'worsening';
  return { ok: true, value: { delta, percentOfBaseline, verdict, source: rule.source } };
}
