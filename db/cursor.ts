import { sql, type SQL } from 'drizzle-orm';
import type { Database, Transaction } from './client';
import { rowsOf } from './metrics';

/**
 * Streams a query's rows through a server-side cursor (DECLARE … FETCH inside a transaction, the
 * same on PostgreSQL and PGlite). The next batch is fetched only when the consumer pulls, so a
 * slow download holds one batch in memory, however many rows the query has.
 *
 * Resolves only once the cursor is declared and the first batch fetched: the query has been
 * planned and has started to run, so a failure there rejects here and the caller can still answer
 * with an error status instead of a 200 whose body is then cut short.
 */
export function openQueryStream<Row>(
  db: Database,
  query: SQL,
  batchSize = 1000,
): Promise<ReadableStream<Row[]>> {
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

  let controller!: ReadableStreamDefaultController<Row[]>;
  const stream = new ReadableStream<Row[]>(
    {
      start(c) {
        controller = c;
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

  return new Promise((resolveOpened, rejectOpened) => {
    let opened = false;
    db.transaction(async (tx) => {
      const fetchBatch = async () =>
        rowsOf<Row>(
          await tx.execute(sql`fetch forward ${sql.raw(String(batchSize))} from adhere_export`),
        );
      await tx.execute(sql`declare adhere_export no scroll cursor for ${query}`);
      let rows = await fetchBatch();
      opened = true;
      resolveOpened(stream);
      while (rows.length > 0) {
        await demand();
        if (cancelled) break;
        wanted -= 1;
        controller.enqueue(rows);
        // The next batch is read only once the consumer has taken this one.
        await demand();
        if (cancelled) break;
        rows = await fetchBatch();
      }
      await tx.execute(sql`close adhere_export`);
    }).then(
      () => {
        if (!cancelled) controller.close();
      },
      (error: unknown) => {
        if (!opened) rejectOpened(error);
        else if (!cancelled) controller.error(error);
      },
    );
  });
}

/**
 * A query's rows in batches through a cursor declared in the caller's own transaction, for work
 * that writes as it reads in that transaction (the bulk export): one batch is held at a time, and
 * the next fetched only when the caller asks. The cursor is closed when the rows run out or the
 * caller stops early; when a statement failed the transaction is aborted and ends it anyway.
 */
export async function* cursorBatches<Row>(
  tx: Transaction,
  query: SQL,
  options: { name: string; batchSize?: number },
): AsyncGenerator<Row[], void, undefined> {
  const name = sql.identifier(options.name);
  const batchSize = sql.raw(String(Math.max(1, Math.floor(options.batchSize ?? 500))));
  await tx.execute(sql`declare ${name} no scroll cursor for ${query}`);
  let failed = false;
  try {
    for (;;) {
      const rows = rowsOf<Row>(await tx.execute(sql`fetch forward ${batchSize} from ${name}`));
      if (rows.length === 0) return;
      yield rows;
    }
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    if (!failed) await tx.execute(sql`close ${name}`);
  }
}
