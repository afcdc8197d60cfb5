/**
 * The spec's "rounded to one decimal", computed exactly from integer sums and counts (halves
 * round up), so every screen, export and test gets the same digit whatever floating point does.
 */
export function roundedRatio(numerator: number, denominator: number, scale: number): number | null {
  if (denominator === 0) return null;
  // round(scale * 10 * n / d) / 10, in integers: floor((2 * scale * 10 * n + d) / (2 * d)).
  const tenths = Math.floor((20 * scale * numerator + denominator) / (2 * denominator));
  return tenths / 10;
}

/** `adherence_pct`: 100 × completed / prescribed to one decimal; empty when nothing was prescribed. */
export function adherencePct(completed: number, prescribed: number): number | null {
  return roundedRatio(completed, prescribed, 100);
}

/** `mean_pain`: the mean of daily scores to one decimal; empty when there are none. */
export function meanPain(sum: number, reports: number): number | null {
  return roundedRatio(sum, reports, 1);
}
