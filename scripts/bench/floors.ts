/**
 * The floors the page figures are judged against, measured at the page figure's own concurrency:
 * the page's SQL (captured from its data-layer functions, capture.ts) replayed through postgres.js
 * from the bench process by as many concurrent clients as the page load, and COPY for the CSV.
 * The empty route at the same concurrency is the framework's part (phases.ts); the floor is the sum.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { IsoDate } from '@/lib/dates';
import { closedLoop, type LoadResult } from './http';
import type { PageName } from './page-sql';
import type { RawDb } from './raw-db';
import { replayTrace, type Trace } from './trace';

/** postgres.js's own type lookup on a new connection: the driver's, not the page's. */
const DRIVER_INTERNAL = /^\s*select b\.oid, b\.typarray\s+from pg_catalog\.pg_type/i;

/** Runs capture.ts in a child process (server-only modules need the react-server condition). */
export function captureTraces(input: {
  url?: string;
  pgliteDir: string;
  physioEmail: string;
  recordPatientId: string;
  today: IsoDate;
}): Record<PageName, Trace> {
  const dir = mkdtempSync(path.join(tmpdir(), 'adhere-bench-'));
  const out = path.join(dir, 'traces.json');
  try {
    const result = spawnSync(
      process.execPath,
      [
        path.resolve('node_modules/tsx/dist/cli.mjs'),
        '--conditions=react-server',
        'scripts/bench/capture.ts',
      ],
      {
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, BENCH_CAPTURE: JSON.stringify({ ...input, out }) },
      },
    );
    if (result.status !== 0) throw new Error('capturing the pages’ SQL failed (see above)');
    const traces = JSON.parse(readFileSync(out, 'utf8')) as Record<PageName, Trace>;
    for (const name of Object.keys(traces) as PageName[]) {
      traces[name] = traces[name].filter((statement) => !DRIVER_INTERNAL.test(statement.text));
      if (traces[name].length === 0) throw new Error(`the capture of ${name} holds no statement`);
    }
    return traces;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One replay of a page's SQL: pooled statements on any connection, a transaction on its own. */
export async function replayOnce(db: RawDb, trace: Trace): Promise<void> {
  const reserved = new Map<number, Promise<Awaited<ReturnType<RawDb['reserve']>>>>();
  const last = new Map<number, number>();
  trace.forEach((statement, i) => last.set(statement.session, i));
  await replayTrace(trace, async (statement, i) => {
    if (statement.session === 0) return db.query(statement.text, statement.params);
    if (!reserved.has(statement.session)) reserved.set(statement.session, db.reserve());
    const connection = await reserved.get(statement.session)!;
    try {
      return await connection.query(statement.text, statement.params);
    } finally {
      if (last.get(statement.session) === i) connection.release();
    }
  });
}

/** The page's SQL by `concurrency` clients in a closed loop, after one warm-up replay. */
export async function measureTrace(
  db: RawDb,
  trace: Trace,
  options: { concurrency: number; seconds: number },
): Promise<LoadResult> {
  await replayOnce(db, trace);
  return closedLoop({
    ...options,
    task: async () => {
      await replayOnce(db, trace);
      return true;
    },
  });
}

/** Inlines parameters, because COPY cannot take bind parameters (values are ids and dates). */
export function inline(query: SQL): string {
  const { sql: text, params } = new PgDialect({ casing: 'snake_case' }).sqlToQuery(query);
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const value = params[Number(n) - 1];
    return value === null || value === undefined
      ? 'null'
      : `'${String(value).replace(/'/g, "''")}'`;
  });
}

/** COPY of the weekly export's own query: rows a second, and how many rows. */
export async function measureCopy(db: RawDb, query: SQL) {
  const started = performance.now();
  const rows = await db.copyLines(inline(query));
  return { rows, rowsPerSecond: rows / ((performance.now() - started) / 1000) };
}
