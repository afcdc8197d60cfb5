/**
 * The benchmark's own connection to its database for the floors: plain SQL text and parameters,
 * no ORM, through postgres.js (the app's driver, with the app's pool options) or, for the smoke run,
 * an embedded PGlite.
 */
import path from 'node:path';
import { lockPglite, postgresPoolOptions } from '@/db/client';

export type Query = <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;

export interface RawDb {
  kind: 'postgres' | 'pglite';
  query: Query;
  /** A transaction at the default isolation (read committed), as db.transaction() opens one. */
  transaction: <T>(body: (query: Query) => Promise<T>) => Promise<T>;
  /** One connection for a run of statements (a captured transaction). */
  reserve: () => Promise<{ query: Query; release: () => void }>;
  /** COPY (query) TO STDOUT as CSV: the number of lines received. */
  copyLines: (select: string) => Promise<number>;
  close: () => Promise<void>;
}

export async function openRawDb(target: { url?: string; pgliteDir: string }): Promise<RawDb> {
  if (target.url) {
    const { default: postgres } = await import('postgres');
    // The app's pool (size, pipeline, timeouts: db/client.ts), so the floor drives the database as
    // the app does.
    const client = postgres(
      target.url,
      postgresPoolOptions({ applicationName: 'adhere-bench-floor' }),
    );
    // Unprepared, as drizzle sends the app's queries (it prepares only named statements).
    const wrap =
      (sql: { unsafe: (text: string, params?: never[]) => Promise<unknown> }): Query =>
      async <T>(text: string, params: unknown[] = []) =>
        (await sql.unsafe(text, params as never[])) as T[];
    return {
      kind: 'postgres',
      query: wrap(client),
      transaction: (body) => client.begin((tx) => body(wrap(tx))) as never,
      reserve: async () => {
        const reserved = await client.reserve();
        return { query: wrap(reserved), release: () => reserved.release() };
      },
      copyLines: async (select) => {
        let lines = 0;
        const stream = await client
          .unsafe(`copy (${select}) to stdout with (format csv)`)
          .readable();
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          for (const byte of chunk) if (byte === 10) lines++;
        }
        return lines;
      },
      close: () => client.end({ timeout: 5 }),
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const release = lockPglite(target.pgliteDir);
  const client = new PGlite(path.resolve(target.pgliteDir));
  const query: Query = async <T>(text: string, params: unknown[] = []) =>
    (await client.query<T>(text, params)).rows;
  return {
    kind: 'pglite',
    query,
    transaction: (body) =>
      client.transaction((tx) =>
        body(
          async <T>(text: string, params: unknown[] = []) => (await tx.query<T>(text, params)).rows,
        ),
      ),
    // One connection is all PGlite has.
    reserve: async () => ({ query, release: () => {} }),
    copyLines: async (select) => (await client.query(select)).rows.length,
    close: async () => {
      await client.close();
      release();
    },
  };
}
