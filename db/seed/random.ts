/**
 * A small seeded pseudo-random generator (mulberry32). The demo clinic must come out the same
 * every time for the same date, so that screenshots, tests and bug reports agree; Math.random
 * cannot be seeded. Not for anything security-related.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** A float in [min, max). */
  between(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** `count` distinct items in random order (all of them if there are fewer). */
  sample<T>(items: readonly T[], count: number): T[];
  chance(probability: number): boolean;
  /** Bell-shaped noise centred on 0 with roughly the given standard deviation. */
  noise(sd: number): number;
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;

  function next(): number {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  function int(min: number, max: number): number {
    return min + Math.floor(next() * (max - min + 1));
  }

  function pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('cannot pick from an empty list');
    return items[int(0, items.length - 1)] as T;
  }

  function sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    // Partial Fisher–Yates: only the first `count` places need shuffling.
    const n = Math.min(count, pool.length);
    for (let i = 0; i < n; i++) {
      const j = int(i, pool.length - 1);
      [pool[i], pool[j]] = [pool[j] as T, pool[i] as T];
    }
    return pool.slice(0, n);
  }

  return {
    next,
    int,
    between: (min, max) => min + next() * (max - min),
    pick,
    sample,
    chance: (probability) => next() < probability,
    // The sum of three uniforms has variance 1/4, so doubling its deviation gives sd ≈ 1.
    noise: (sd) => (next() + next() + next() - 1.5) * 2 * sd,
  };
}
