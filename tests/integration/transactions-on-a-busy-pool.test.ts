import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { postgresPoolOptions } from '@/db/client';

/*
 * A save is a transaction; under load its BEGIN is queued behind other requests' queries on a busy
 * connection. postgres.js skipped reserving the connection when BEGIN filled the connection's
 * pipeline (porsager/postgres#1189): the save failed or never finished, and the connection served
 * other requests from inside its open transaction. One connection makes that position reachable
 * on purpose, for every queue length around the default limit of 100.
 */

const onPostgres = process.env.ADHERE_TEST_DRIVER === 'postgres';
const applicationName = `adhere-busy-pool-${process.pid}`;

/** What the transaction answered, or why not, within a few seconds. */
async function settleWithin<T>(promise: Promise<T>, ms: number): Promise<T | string> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${ms} ms`), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } catch (error) {
    return `failed: ${(error as Error).message}`;
  } finally {
    clearTimeout(timer);
  }
}

describe('transactions behind a queue of other queries', () => {
  it.skipIf(!onPostgres)(
    'commit on their own connection and leave nothing open, whatever their place in the queue',
    async () => {
      const url = process.env.TEST_DATABASE_URL!;
      const observer = postgres(url, { max: 1, onnotice: () => {} });
      try {
        for (let queued = 95; queued <= 105; queued++) {
          const options = postgresPoolOptions({ applicationName });
          const sql = postgres(url, { ...options, max: 1 });
          try {
            await sql`select 1`;
            const busy = sql`select pg_sleep(0.1)`.execute();
            const others = Array.from({ length: queued }, () => sql`select 1 as one`.execute());
            const answer = await settleWithin(
              sql.begin(async (tx) => {
                const [row] = await tx`select 41 + 1 as answer`;
                return row!.answer as number;
              }),
              3000,
            );
            await Promise.allSettled([busy, ...others]);

            expect({ queued, answer }).toEqual({ queued, answer: 42 });
            const [open] = await observer`
              select count(*)::int as n from pg_stat_activity
              where application_name = ${applicationName} and state like 'idle in transaction%'`;
            expect({ queued, leftOpen: open!.n }).toEqual({ queued, leftOpen: 0 });
          } finally {
            await sql.end({ timeout: 1 });
          }
        }
      } finally {
        await observer.end({ timeout: 1 });
      }
    },
  );
});
