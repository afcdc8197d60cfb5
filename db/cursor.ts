import { sql, type SQL } from 'drizzle-orm';
import type { Database } from './client';
import { rowsOf } from './metrics';

/**
 * Streams a query's rows through a server-side cursor (DECLARE … FETCH inside a transaction, the
 * same on PostgreSQL and PGlite). The next batch is fetched only when the consumer pulls, so a
 * slow download holds one batch in memory, however many rows the query has.
 */
export function streamQuery<Row>(
  db: Database,
  query: SQL,
  batchSize = 1000,
): ReadableStream<Row[]> {
  let wanted = 0;
  let wake: (() => void) | undefined;
  let cancelled = false;
  const demand = () =>
    new Promise<void>((resolve) => {
      if (wanted > 0 || cancelled) resolve();
      else wake = resolve;
    });
  const signal = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };

  return new ReadableStream<Row[]>(
    {
      start(controller) {
        db.transaction(async (tx) => {
          await tx.execute(sql`declare adhere_export no scroll cursor for ${query}`);
          for (;;) {
            await demand();
            if (cancelled) break;
            const rows = rowsOf<Row>(
              await tx.execute(sql`fetch forward ${sql.raw(String(batchSize))} from adhere_export`),
            );
            if (rows.length === 0) break;
            wanted -= 1;
            controller.enqueue(rows);
          }
          await tx.execute(sql`close adhere_export`);
        }).then(
          () => {
            if (!cancelled) controller.close();
          },
          (error: unknown) => {
            if (!cancelled) controller.error(error);
          },
        );
      },
      pull() {
        wanted += 1;
        signal();
      },
      cancel() {
        cancelled = true;
        signal();
      },
    },
    { highWaterMark: 1 },
  );
}
