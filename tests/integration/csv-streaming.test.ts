import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openQueryStream } from '@/db/cursor';
import { weeklyCsvEncoder, type WeeklyExportRow } from '@/lib/reports/weekly-csv';
import { setupTestDatabase } from './helpers/database';

const ROWS = 200_000;

// What the stream retains, not what the garbage collector has yet to sweep: measure after a GC.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const retained = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

describe('the weekly CSV pipeline', () => {
  const db = setupTestDatabase();

  it(`streams ${ROWS.toLocaleString('en-GB')} rows through a cursor with flat memory`, async () => {
    // Export-shaped rows made by the database, read through the same cursor and encoder as the
    // real export, by a reader that yields between chunks like a slow download.
    const query = sql`
      select md5(n::text)::uuid::text as "patientId", 'Patient ' || n as "patientName",
             'patient' || n || '@clinic.test' as "patientEmail", 'Physio ' || (n % 10) as "physioName",
             (date '2026-01-05' + (n % 52) * 7)::text as "weekStart",
             (n % 21)::int as "prescribedSessions", (n % 15)::int as "completedSessions",
             (n % 50)::int as "painSum", (n % 7)::int as "painReports"
      from generate_series(1, ${ROWS}) n`;
    const baseline = retained();
    const reader = (await openQueryStream<WeeklyExportRow>(db(), query, 1000))
      .pipeThrough(weeklyCsvEncoder())
      .getReader();

    const decoder = new TextDecoder();
    let lines = 0;
    let chunks = 0;
    let peak = baseline;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      lines += decoder.decode(value).split('\r\n').length - 1;
      chunks++;
      if (chunks % 20 === 0) peak = Math.max(peak, retained());
      await new Promise((resolve) => setImmediate(resolve));
    }
    const growthMb = (peak - baseline) / 1024 / 1024;
    console.log(
      `${lines - 1} rows in ${chunks} chunks; retained memory growth ${growthMb.toFixed(1)} MB`,
    );
    expect(lines).toBe(ROWS + 1);
    expect(chunks).toBeGreaterThan(100);
    // Holding the rows would take hundreds of MB; a streamed export stays within a few batches.
    expect(growthMb).toBeLessThan(20);
  }, 300_000);
});
