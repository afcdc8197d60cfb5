/**
 * Captures the SQL of each page in PAGE_SQL by running the page's own data-layer functions in
 * this process against the benchmark database, with every statement recorded as it is sent and
 * when it answers. Run as a child of the benchmark (floors.ts) under `tsx --conditions=react-server`,
 * so server-only modules import; it writes the traces as JSON to the file named in its input.
 *
 * Input (env BENCH_CAPTURE, JSON): { url?, pgliteDir, physioEmail, recordPatientId, today, out }.
 */
import '../load-env';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import * as schema from '@/db/schema';
import { installDatabase, lockPglite, type Database } from '@/db/client';
import { rowsOf } from '@/db/metrics';
import type { IsoDate } from '@/lib/dates';
import { PAGE_SQL, type PageContext, type PageName } from './page-sql';
import type { Trace } from './trace';

interface CaptureInput {
  url?: string;
  pgliteDir: string;
  physioEmail: string;
  recordPatientId: string;
  today: IsoDate;
  out: string;
}

let trace: Trace = [];
let recording = false;
let origin = 0;

/** The parts of a postgres.js query object the tracer reads (see postgres/src/query.js). */
interface PendingQuery {
  executed: boolean;
  tagged: boolean;
  strings: string | readonly string[];
  args: unknown[];
  handler: unknown;
  handle: () => Promise<void>;
}

function queryText(query: PendingQuery): string {
  if (!query.tagged) return String(query.strings);
  // A tagged query (sql.begin's `commit`): placeholders numbered as postgres.js numbers them.
  return (query.strings as readonly string[]).reduce((text, part, i) => `${text}$${i}${part}`);
}

/**
 * Every postgres.js query starts in Query.prototype.handle, transactions' statements included,
 * so wrapping it records the lot; the handler tells a pooled statement from one in a transaction.
 */
async function openTracedPostgres(
  url: string,
): Promise<{ db: Database; close: () => Promise<void> }> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  // The app's own pool size (db/client.ts), so the captured parallelism is the app's.
  const client = postgres(url, { max: 10, onnotice: () => {} });
  const probe = client.unsafe('select 1') as unknown as PendingQuery;
  const proto = Object.getPrototypeOf(probe) as PendingQuery;
  const poolHandler = probe.handler;
  const sessions = new Map<unknown, number>([[poolHandler, 0]]);
  const handle = proto.handle;
  proto.handle = function (this: PendingQuery) {
    if (recording && !this.executed) {
      if (!sessions.has(this.handler)) sessions.set(this.handler, sessions.size);
      const entry = {
        text: queryText(this),
        params: this.args,
        start: performance.now() - origin,
        end: NaN,
        session: sessions.get(this.handler)!,
      };
      trace.push(entry);
      const answered = () => (entry.end = performance.now() - origin);
      // The native then: Query's own would call handle again.
      Promise.prototype.then.call(this, answered, answered);
    }
    return handle.call(this);
  };
  const db = drizzle(client, { schema, casing: 'snake_case' }) as unknown as Database;
  return { db, close: () => client.end({ timeout: 5 }) };
}

/** PGlite (the smoke run): its query method is where every statement of drizzle's driver goes. */
async function openTracedPglite(
  dir: string,
): Promise<{ db: Database; close: () => Promise<void> }> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const release = lockPglite(dir);
  const client = new PGlite(path.resolve(dir));
  const query = client.query.bind(client);
  client.query = (async (text: string, params?: unknown[], options?: object) => {
    if (!recording) return query(text, params, options);
    const entry = {
      text,
      params: params ?? [],
      start: performance.now() - origin,
      end: NaN,
      session: 0,
    };
    trace.push(entry);
    try {
      return await query(text, params, options);
    } finally {
      entry.end = performance.now() - origin;
    }
  }) as typeof client.query;
  const db = drizzle(client, { schema, casing: 'snake_case' }) as unknown as Database;
  return {
    db,
    close: async () => {
      await client.close();
      release();
    },
  };
}

async function main() {
  const input = JSON.parse(process.env.BENCH_CAPTURE ?? 'null') as CaptureInput | null;
  if (!input) throw new Error('capture.ts is run by the benchmark (BENCH_CAPTURE is not set).');
  const handle = input.url
    ? await openTracedPostgres(input.url)
    : await openTracedPglite(input.pgliteDir);
  installDatabase({ ...handle, driver: input.url ? 'postgres' : 'pglite' });
  try {
    // The physio's latest open session: the one the benchmark signed in with.
    const [session] = rowsOf<{ userId: string; sessionId: string; sessionVersion: number }>(
      await handle.db.execute(sql`
        select u.id as "userId", s.id as "sessionId", u.session_version as "sessionVersion"
        from user_sessions s join users u on u.id = s.user_id
        where u.email = ${input.physioEmail} and s.ended_at is null
        order by s.created_at desc limit 1`),
    );
    if (!session) throw new Error(`${input.physioEmail} has no open session to capture with.`);
    const context: PageContext = {
      session,
      recordPatientId: input.recordPatientId,
      today: input.today,
    };
    const traces: Partial<Record<PageName, Trace>> = {};
    for (const name of Object.keys(PAGE_SQL) as PageName[]) {
      await PAGE_SQL[name](context); // warm: plans, and a last-seen refresh that is not every request
      trace = [];
      origin = performance.now();
      recording = true;
      await PAGE_SQL[name](context);
      recording = false;
      traces[name] = trace;
    }
    writeFileSync(input.out, JSON.stringify(traces));
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
