/** Pure arithmetic of the benchmark: percentiles, latency summaries, the open-loop schedule. */

/** The nearest-rank percentile (p in 0–100) of `values`; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
}

export function summarise(latencies: readonly number[]): Summary {
  return {
    n: latencies.length,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
  };
}

/**
 * Arrival times (ms from the start) of an open-loop load: `rate` requests a second, evenly
 * spaced, for `seconds`. Each request is sent at its time whether or not earlier ones have
 * answered, so a slow server meets the same demand instead of being given a breather (a closed
 * loop hides queueing: its clients wait, and so send less).
 */
export function openLoopSchedule(rate: number, seconds: number): number[] {
  if (!(rate > 0) || !(seconds > 0)) return [];
  const count = Math.round(rate * seconds);
  return Array.from({ length: count }, (_, i) => (i * 1000) / rate);
}

/** The entry with the highest throughput: the concurrency at which the server saturates. */
export function saturation<T extends { throughput: number }>(levels: readonly T[]): T | undefined {
  return levels.reduce<T | undefined>(
    (best, level) => (!best || level.throughput > best.throughput ? level : best),
    undefined,
  );
}
