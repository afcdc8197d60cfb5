/** Where the benchmark's data lives: DATABASE_URL's PostgreSQL, or its own PGlite folder. */
export function benchTarget(): { url?: string; pgliteDir: string } {
  return {
    url: process.env.DATABASE_URL || undefined,
    pgliteDir: process.env.BENCH_PGLITE_DIR ?? '.data/bench/pglite',
  };
}
