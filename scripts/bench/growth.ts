/**
 * Growth: the same caseload and the record of the patient with the longest history, on databases
 * holding the same clinic with more years of history (`npm run bench:data -- --years N`, named in
 * BENCH_GROWTH_URLS). One server per database, started in turn on the same build, so each is
 * measured alone; p50 at the page figures' concurrency.
 */
import type { IsoDate } from '@/lib/dates';
import { BENCH_PASSWORD } from './dataset';
import { PHYSIO_EMAIL, readFixture } from './fixture';
import { signIn } from './http';
import { loadPage } from './phases';
import { openRawDb } from './raw-db';
import { startServer } from './server';
import { percentile } from './stats';

export interface GrowthPoint {
  label: string;
  years: number;
  caseloadP50: number;
  recordP50: number;
}

/** Whole years of history in the database: from the first routine's start to today. */
export async function historyYears(url: string, today: IsoDate): Promise<number> {
  const db = await openRawDb({ url, pgliteDir: '' });
  try {
    const [row] = await db.query<{ days: number }>(
      'select ($1::date - min(start_date))::int as days from routines',
      [today],
    );
    return Math.max(1, Math.round((row?.days ?? 0) / 365));
  } finally {
    await db.close();
  }
}

/**
 * bench:data ends with VACUUM (ANALYZE), after both COPYs have committed: before that the database is
 * still being generated (its history invisible or its plans unplanned), and would measure fast.
 */
async function assertGenerated(url: string): Promise<void> {
  const db = await openRawDb({ url, pgliteDir: '' });
  try {
    // reltuples is -1 until a table is first analysed (and survives createdb -T, unlike pg_stat).
    const [row] = await db.query<{ analysed: boolean }>(
      `select count(*) = 2 and bool_and(reltuples > 0) as analysed
       from pg_class where relname in ('completions', 'pain_reports') and relkind = 'r'`,
    );
    if (!row?.analysed) throw new Error('bench:data has not finished on it (no ANALYZE yet)');
  } finally {
    await db.close();
  }
}

/** The two pages' p50 against a server that is already running on the database. */
export async function measureGrowthPoint(options: {
  base: string;
  physioCookie: string;
  recordPatientId: string;
  seconds: number;
  concurrency: number;
}): Promise<{ caseloadP50: number; recordP50: number }> {
  const { base, physioCookie } = options;
  const run = { concurrency: options.concurrency, seconds: options.seconds };
  const caseload = await loadPage(base, '/physio', physioCookie, run);
  const record = await loadPage(
    base,
    `/physio/patients/${options.recordPatientId}`,
    physioCookie,
    run,
  );
  if (caseload.errors || record.errors) {
    throw new Error(`growth: ${caseload.errors + record.errors} requests failed on ${base}`);
  }
  return {
    caseloadP50: percentile(caseload.latencies, 50),
    recordP50: percentile(record.latencies, 50),
  };
}

/** Starts a server on each growth database in turn and measures it. */
export async function measureGrowthDatabases(options: {
  urls: string[];
  port: number;
  today: IsoDate;
  seconds: number;
  concurrency: number;
  onError: (url: string, error: unknown) => void;
}): Promise<GrowthPoint[]> {
  const points: GrowthPoint[] = [];
  for (const url of options.urls) {
    try {
      points.push(await measureGrowthDatabase({ ...options, url }));
    } catch (error) {
      // One unusable database (not generated yet, wrong URL) costs its figures, not the run's.
      options.onError(url, error);
    }
  }
  return points;
}

/** One growth database: its own server on the same build, signed in afresh, both pages measured. */
async function measureGrowthDatabase(options: {
  url: string;
  port: number;
  today: IsoDate;
  seconds: number;
  concurrency: number;
}): Promise<GrowthPoint> {
  const { url } = options;
  await assertGenerated(url);
  const years = await historyYears(url, options.today);
  const db = await openRawDb({ url, pgliteDir: '' });
  let recordPatientId: string;
  try {
    ({ recordPatientId } = await readFixture(db, {
      today: options.today,
      loggers: 1,
      logDays: 1,
    }));
  } finally {
    await db.close();
  }
  const server = await startServer({ port: options.port, env: { DATABASE_URL: url } });
  try {
    const physioCookie = await signIn(server.base, PHYSIO_EMAIL, BENCH_PASSWORD);
    const point = await measureGrowthPoint({
      base: server.base,
      physioCookie,
      recordPatientId,
      seconds: options.seconds,
      concurrency: options.concurrency,
    });
    return { label: `${years} year${years === 1 ? '' : 's'}`, years, ...point };
  } finally {
    await server.stop();
  }
}
