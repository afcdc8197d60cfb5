import '../load-env';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { sql, type SQL } from 'drizzle-orm';
import type { Sql } from 'postgres';
import { PgDialect } from 'drizzle-orm/pg-core';
import { openPglite, openPostgres, type DatabaseHandle } from '@/db/client';
import { weeklyExportQuery } from '@/db/exports';
import { rowsOf, weeklyTotals, windowTotals } from '@/db/metrics';
import { clinicToday } from '@/lib/clinic-today';
import { addDays, isoWeekday, type IsoDate } from '@/lib/dates';
import { isScheduledOn } from '@/lib/weekdays';
import { BENCH_DOMAIN, BENCH_PASSWORD, SMOKE } from './dataset';
import { load, percentile, signIn } from './http';
import { loadBenchClinic, openFreshBenchDatabase } from './load';
import { buildApp, startServer, treeRss } from './server';
import { benchTarget } from './target';

/*
 * `npm run bench`: the production server on the benchmark clinic (see `npm run bench:data`),
 * measured beside the floor of the same run — the raw SQL of each page, COPY for the CSV, an empty
 * route for the framework — because these machines are shared and noisy. Targets are reported as
 * met or not, never asserted. `--smoke` runs a tiny version (used by `npm test`).
 */

const args = new Set(process.argv.slice(2));
const smoke = args.has('--smoke');
const skipBuild = args.has('--no-build');
const seconds = smoke ? 1 : 10;
const loggers = smoke ? 10 : 200;
const logDays = smoke ? 2 : 3;
const floorRuns = smoke ? 3 : 30;
const port = Number(process.env.BENCH_PORT ?? 3900);

interface Row {
  figure: string;
  value: number;
  unit: string;
  floor?: number;
  ratio?: number;
  target: string;
  met: boolean;
}

const rows: Row[] = [];
const notes: string[] = [];

function record(row: Omit<Row, 'ratio'>) {
  const ratio = row.floor ? row.value / row.floor : undefined;
  rows.push({ ...row, ratio });
}

async function timeRuns(run: () => Promise<unknown>, n: number): Promise<number[]> {
  const times: number[] = [];
  await run(); // warm the plan and the cache
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  return times;
}

/** Inlines parameters, because COPY cannot take bind parameters (values are ids and dates). */
function inline(query: SQL): string {
  const { sql: text, params } = new PgDialect({ casing: 'snake_case' }).sqlToQuery(query);
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const value = params[Number(n) - 1];
    return value === null || value === undefined
      ? 'null'
      : `'${String(value).replace(/'/g, "''")}'`;
  });
}

interface Fixture {
  physioId: string;
  recordPatientId: string;
  loggerEmails: string[];
  plans: Map<string, Map<IsoDate, PlannedItem[]>>;
}

interface PlannedItem {
  id: string;
  exerciseId: string;
  timesPerDay: number;
}

async function readFixture(handle: DatabaseHandle, today: IsoDate): Promise<Fixture> {
  const { db } = handle;
  const [physio] = rowsOf<{ id: string }>(
    await db.execute(sql`select id from users where email = ${`physio01@${BENCH_DOMAIN}`}`),
  );
  if (!physio) {
    throw new Error('No benchmark data here: run `npm run bench:data` first (same DATABASE_URL).');
  }
  const [big] = rowsOf<{ id: string }>(
    await db.execute(sql`
      select pp.user_id as id from patient_profiles pp
      join routines r on r.patient_id = pp.user_id
      where pp.physio_id = ${physio.id}
      group by pp.user_id order by min(r.start_date), pp.user_id limit 1`),
  );
  const patients = rowsOf<{ id: string; email: string }>(
    await db.execute(sql`
      select id, email from users where role = 'patient' and email like ${`%@${BENCH_DOMAIN}`}
      order by email limit ${loggers}`),
  );
  const items = rowsOf<{
    patientId: string;
    id: string;
    exerciseId: string;
    timesPerDay: number;
    daysMask: number;
    startDate: IsoDate;
    endDate: IsoDate | null;
  }>(
    await db.execute(sql`
      select r.patient_id as "patientId", ri.id, ri.exercise_id as "exerciseId", ri.times_per_day as "timesPerDay",
             ri.days_mask as "daysMask", r.start_date::text as "startDate", r.end_date::text as "endDate"
      from routines r join routine_items ri on ri.routine_id = r.id
      where r.patient_id in (select id from users where role = 'patient' and email like ${`%@${BENCH_DOMAIN}`}
                             order by email limit ${loggers})`),
  );
  const plans = new Map<string, Map<IsoDate, PlannedItem[]>>();
  for (const patient of patients) {
    const days = new Map<IsoDate, PlannedItem[]>();
    for (let d = 0; d < logDays; d++) {
      const day = addDays(today, -d);
      days.set(
        day,
        items
          .filter(
            (i) =>
              i.patientId === patient.id &&
              i.startDate <= day &&
              (!i.endDate || i.endDate >= day) &&
              isScheduledOn(i.daysMask, isoWeekday(day)),
          )
          .map((i) => ({ id: i.id, exerciseId: i.exerciseId, timesPerDay: i.timesPerDay })),
      );
    }
    plans.set(patient.email, days);
  }
  return {
    physioId: physio.id,
    recordPatientId: big!.id,
    loggerEmails: patients.map((p) => p.email),
    plans,
  };
}

async function measureFloors(handle: DatabaseHandle, fixture: Fixture, today: IsoDate) {
  const { db } = handle;
  const caseload = await timeRuns(
    () => windowTotals(db, { scope: { physioId: fixture.physioId }, today }),
    floorRuns,
  );
  const record = await timeRuns(
    () => weeklyTotals(db, { scope: { patientId: fixture.recordPatientId }, today }),
    floorRuns,
  );
  const exportQuery = weeklyExportQuery({ scope: { clinic: true }, today });
  let copyRows = 0;
  const copyStart = performance.now();
  const client = (handle as DatabaseHandle & { client?: Sql }).client;
  if (client) {
    const stream = await client
      .unsafe(`copy (${inline(exportQuery)}) to stdout with (format csv)`)
      .readable();
    for await (const chunk of stream) copyRows += String(chunk).split('\n').length - 1;
  } else {
    copyRows = rowsOf(await db.execute(exportQuery)).length;
  }
  const copySeconds = (performance.now() - copyStart) / 1000;
  const [patients] = rowsOf<{ n: number }>(
    await db.execute(sql`select count(*)::int as n from patient_profiles`),
  );
  return {
    caseload,
    record,
    copyRowsPerSecond: copyRows / copySeconds,
    copyRows,
    patients: patients?.n ?? 0,
  };
}

function firstLoadJs(html: string, distDir: string): number {
  const sources = new Set(
    [...html.matchAll(/<script[^>]+src="\/_next\/static\/([^"?]+)/g)].map((m) => m[1]!),
  );
  let total = 0;
  for (const source of sources) {
    total += gzipSync(readFileSync(path.join(distDir, 'static', source))).length;
  }
  return total;
}

async function openTarget(target: { url?: string; pgliteDir: string }) {
  if (target.url) {
    const { default: postgres } = await import('postgres');
    const handle = await openPostgres(target.url);
    // A second, raw client for COPY … TO STDOUT.
    const client = postgres(target.url, { max: 1, onnotice: () => {} });
    return {
      ...handle,
      client,
      close: async () => {
        await client.end();
        await handle.close();
      },
    };
  }
  return openPglite(target.pgliteDir);
}

/** Kicks off `$export`, polls its status to the manifest and downloads every file. */
async function measureBulkExport(base: string, cookie: string, pid: number) {
  const rssBefore = treeRss(pid);
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, treeRss(pid))), 25);
  const start = performance.now();
  const headers = { cookie };
  try {
    const kickOff = await fetch(`${base}/fhir/R4/$export`, {
      headers: { ...headers, prefer: 'respond-async' },
    });
    const statusUrl = kickOff.headers.get('content-location');
    if (kickOff.status !== 202 || !statusUrl) throw new Error(`kick-off ${kickOff.status}`);
    const statusPath = new URL(statusUrl).pathname;
    let manifest: { output: { type: string; url: string }[] } | null = null;
    while (!manifest && performance.now() - start < 15 * 60_000) {
      const status = await fetch(`${base}${statusPath}`, { headers });
      if (status.status === 200) manifest = await status.json();
      else if (status.status === 202) await new Promise((resolve) => setTimeout(resolve, 500));
      else throw new Error(`status ${status.status}`);
    }
    if (!manifest) throw new Error('the export did not finish within 15 minutes');
    let resources = 0;
    let patients = 0;
    for (const output of manifest.output) {
      const file = await fetch(`${base}${new URL(output.url).pathname}`, { headers });
      // Read as a stream and count lines, so the bench itself holds no whole file.
      const reader = file.body!.getReader();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        let lines = 0;
        for (const byte of chunk.value) if (byte === 10) lines += 1;
        resources += lines;
        if (output.type === 'Patient') patients += lines;
      }
    }
    const seconds = (performance.now() - start) / 1000;
    return {
      complete: true,
      resources,
      patients,
      seconds,
      growthMb: (rssPeak - rssBefore) / 2 ** 20,
    };
  } catch (error) {
    notes.push(`Bulk export failed: ${String(error)}`);
    return { complete: false, resources: 0, patients: 0, seconds: 1, growthMb: 0 };
  } finally {
    clearInterval(sampler);
  }
}

async function main() {
  const today = clinicToday();
  const baseTarget = benchTarget();
  const target = smoke ? { pgliteDir: '.data/bench-smoke/pglite' } : baseTarget;
  if (smoke) {
    const fresh = await openFreshBenchDatabase(target);
    await loadBenchClinic(fresh, { ...SMOKE, today });
    await fresh.close();
  }

  console.log(
    `Benchmark on ${target.url ? 'PostgreSQL (DATABASE_URL)' : `PGlite (${target.pgliteDir})`}…`,
  );
  let handle = await openTarget(target);
  const fixture = await readFixture(handle, today);
  const floors = await measureFloors(handle, fixture, today);
  // PGlite allows one process at a time: the server gets it while the benchmark runs.
  if (!target.url) await handle.close();

  if (!skipBuild) buildApp();
  const distDir = path.resolve(process.env.NEXT_DIST_DIR ?? '.next');
  const server = await startServer({
    port,
    env: target.url
      ? { DATABASE_URL: target.url }
      : { DATABASE_URL: '', PGLITE_DIR: target.pgliteDir },
  });
  const submitted: { email: string; key: string; day: IsoDate }[] = [];
  try {
    const base = server.base;
    const physioCookie = await signIn(base, `physio01@${BENCH_DOMAIN}`, BENCH_PASSWORD);
    const adminCookie = await signIn(base, `admin@${BENCH_DOMAIN}`, BENCH_PASSWORD);

    const concurrency = smoke ? 2 : 4;
    const empty = await load({ concurrency, seconds, request: () => fetch(`${base}/api/health`) });
    const caseload = await load({
      concurrency,
      seconds,
      request: () => fetch(`${base}/physio`, { headers: { cookie: physioCookie } }),
    });
    const recordPage = await load({
      concurrency,
      seconds,
      request: () =>
        fetch(`${base}/physio/patients/${fixture.recordPatientId}`, {
          headers: { cookie: physioCookie },
        }),
    });

    const emptyP95 = percentile(empty.latencies, 95);
    const caseloadFloor = percentile(floors.caseload, 95) + emptyP95;
    const caseloadP95 = percentile(caseload.latencies, 95);
    record({
      figure: 'empty route p50',
      value: percentile(empty.latencies, 50),
      unit: 'ms',
      target: 'reference',
      met: true,
    });
    record({
      figure: 'empty route p95',
      value: emptyP95,
      unit: 'ms',
      target: 'reference',
      met: empty.errors === 0,
    });
    record({
      figure: 'caseload (200 patients) p50',
      value: percentile(caseload.latencies, 50),
      unit: 'ms',
      floor: percentile(floors.caseload, 50) + percentile(empty.latencies, 50),
      target: 'info',
      met: true,
    });
    record({
      figure: 'caseload (200 patients) p95',
      value: caseloadP95,
      unit: 'ms',
      floor: caseloadFloor,
      target: '≤ 100 ms and ≤ 2× floor',
      met: caseloadP95 <= 100 && caseloadP95 <= 2 * caseloadFloor && caseload.errors === 0,
    });
    record({
      figure: 'caseload requests/s',
      value: caseload.requests / caseload.seconds,
      unit: 'req/s',
      target: 'info',
      met: caseload.errors === 0,
    });
    const recordP95 = percentile(recordPage.latencies, 95);
    record({
      figure: 'patient record (52 weeks) p50',
      value: percentile(recordPage.latencies, 50),
      unit: 'ms',
      floor: percentile(floors.record, 50) + percentile(empty.latencies, 50),
      target: 'info',
      met: true,
    });
    record({
      figure: 'patient record (52 weeks) p95',
      value: recordP95,
      unit: 'ms',
      floor: percentile(floors.record, 95) + emptyP95,
      target: '≤ 80 ms',
      met: recordP95 <= 80 && recordPage.errors === 0,
    });

    // First-load JavaScript of three pages, gzip, from the build's own files; the floor is a page
    // with no client component of ours (an unknown set-password link): React and Next.js alone.
    const patientCookie = await signIn(base, fixture.loggerEmails[0]!, BENCH_PASSWORD);
    const jsFloor =
      firstLoadJs(await (await fetch(`${base}/set-password/${'x'.repeat(43)}`)).text(), distDir) /
      1024;
    for (const [label, url, cookie, limit] of [
      ['/patient', '/patient', patientCookie, 120],
      ['/physio', '/physio', physioCookie, 250],
      ['/physio/patients/[id]', `/physio/patients/${fixture.recordPatientId}`, physioCookie, 250],
    ] as const) {
      const html = await (await fetch(`${base}${url}`, { headers: { cookie } })).text();
      const kb = firstLoadJs(html, distDir) / 1024;
      record({
        figure: `first-load JS ${label}`,
        value: kb,
        unit: 'kB gz',
        floor: jsFloor,
        target: `≤ ${limit} kB`,
        met: kb <= limit,
      });
    }

    // The clinic's weekly CSV, with the server's memory sampled while it streams.
    const pid = server.process.pid!;
    const rssBefore = treeRss(pid);
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, treeRss(pid))), 25);
    const csvStart = performance.now();
    const csv = await fetch(`${base}/api/reports/weekly.csv`, { headers: { cookie: adminCookie } });
    const csvText = await csv.text();
    const csvSeconds = (performance.now() - csvStart) / 1000;
    clearInterval(sampler);
    const csvRows = csvText.split('\r\n').length - 2;
    const rowsPerSecond = csvRows / csvSeconds;
    const growthMb = (rssPeak - rssBefore) / 1024 / 1024;
    if (csvRows !== floors.copyRows)
      notes.push(`CSV has ${csvRows} rows, COPY ${floors.copyRows}.`);
    record({
      figure: `weekly CSV (${csvRows} rows) rows/s`,
      value: rowsPerSecond,
      unit: 'rows/s',
      floor: floors.copyRowsPerSecond,
      target: '≥ 50% of COPY',
      met: csv.ok && rowsPerSecond >= 0.5 * floors.copyRowsPerSecond,
    });
    record({
      figure: 'weekly CSV server RSS growth',
      value: growthMb,
      unit: 'MB',
      target: '≤ 50 MB',
      met: growthMb <= 50,
    });

    // The FHIR Bulk Data export of the whole clinic: built by the server's worker, then every file
    // downloaded, with the server's memory sampled throughout (issue 16: flat memory).
    const bulk = await measureBulkExport(base, adminCookie, pid);
    if (bulk.patients !== floors.patients) {
      notes.push(`Bulk export has ${bulk.patients} patients, the clinic ${floors.patients}.`);
    }
    record({
      figure: `FHIR bulk export (${bulk.resources} resources) resources/s`,
      value: bulk.resources / bulk.seconds,
      unit: 'res/s',
      target: 'complete, every patient',
      met: bulk.complete && bulk.patients === floors.patients,
    });
    record({
      figure: 'FHIR bulk export server RSS growth',
      value: bulk.growthMb,
      unit: 'MB',
      target: '≤ 50 MB',
      met: bulk.complete && bulk.growthMb <= 50,
    });

    // Log submissions: every logger at once, a few days each, then a replay of the first.
    const cookies = new Map<string, string>();
    await Promise.all(
      Array.from({ length: 4 }, async (_, lane) => {
        for (let i = lane; i < fixture.loggerEmails.length; i += 4) {
          const email = fixture.loggerEmails[i]!;
          cookies.set(email, await signIn(base, email, BENCH_PASSWORD));
        }
      }),
    );
    const days = [...Array(logDays).keys()].map((d) => addDays(today, -d));
    const bodies = fixture.loggerEmails.map((email) =>
      days.map((day) => {
        const key = randomUUID();
        submitted.push({ email, key, day });
        const plan = fixture.plans.get(email)?.get(day) ?? [];
        // Every session of the day marked done, as changes; the server caps each at its times per day.
        return JSON.stringify({
          idempotencyKey: key,
          date: day,
          exercises: Object.fromEntries(
            plan.map((item) => [
              item.id,
              { exerciseId: item.exerciseId, change: item.timesPerDay },
            ]),
          ),
          pain: 5,
          note: '',
        });
      }),
    );
    const logs = await load({
      concurrency: fixture.loggerEmails.length,
      perWorker: logDays + 1,
      request: (worker, n) =>
        fetch(`${base}/api/patient/day-log`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            cookie: cookies.get(fixture.loggerEmails[worker]!)!,
          },
          // The last request of each patient replays their first submission (same key).
          body: bodies[worker]![n < logDays ? n : 0],
        }),
    });
    const p95 = percentile(logs.latencies, 95);
    const p99 = percentile(logs.latencies, 99);
    record({
      figure: `log submission p50 (${loggers} concurrent)`,
      value: percentile(logs.latencies, 50),
      unit: 'ms',
      target: 'info',
      met: true,
    });
    record({
      figure: `log submission p95 (${loggers} concurrent)`,
      value: p95,
      unit: 'ms',
      target: '≤ 30 ms',
      met: p95 <= 30,
    });
    record({
      figure: `log submission p99 (${loggers} concurrent)`,
      value: p99,
      unit: 'ms',
      target: '≤ 300 ms',
      met: p99 <= 300,
    });
    record({
      figure: 'log submission errors',
      value: logs.errors,
      unit: 'count',
      target: '0',
      met: logs.errors === 0,
    });
  } finally {
    await server.stop();
  }

  // Every submission stored exactly once: its key recorded once, its day as submitted.
  if (!target.url) handle = await openTarget(target);
  const keyList = sql.raw(`(${submitted.map((s) => `'${s.key}'`).join(',')})`); // UUIDs we made
  const [stored] = rowsOf<{ keys: number; pain: number; over: number }>(
    await handle.db.execute(sql`
      select
        (select count(*)::int from idempotency_keys where key in ${keyList}) as keys,
        (select count(*)::int from pain_reports where idempotency_key in ${keyList}) as pain,
        (select count(*)::int from (
           select routine_item_id, performed_on from completions c
           join routine_items ri on ri.id = c.routine_item_id
           group by routine_item_id, performed_on, ri.times_per_day
           having count(*) > ri.times_per_day) x) as over`),
  );
  await handle.close();
  const lost = submitted.length - (stored?.keys ?? 0);
  record({
    figure: 'log submissions lost',
    value: lost,
    unit: 'count',
    target: '0',
    met: lost === 0,
  });
  const doubled = (stored?.keys ?? 0) - submitted.length + (stored?.over ?? 0);
  record({
    figure: 'log submissions doubled',
    value: Math.max(0, doubled),
    unit: 'count',
    target: '0',
    met: doubled <= 0,
  });
  if ((stored?.pain ?? 0) !== loggers * logDays) {
    notes.push(
      `pain reports from the submissions: ${stored?.pain}, expected ${loggers * logDays}.`,
    );
  }

  const table = [
    ['figure', 'value', 'floor', 'ratio', 'target', 'met'],
    ...rows.map((r) => [
      r.figure,
      `${r.value.toFixed(r.unit === 'count' ? 0 : 1)} ${r.unit}`,
      r.floor === undefined ? '' : `${r.floor.toFixed(1)} ${r.unit}`,
      r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`,
      r.target,
      r.target === 'info' || r.target === 'reference' ? '' : r.met ? 'met' : 'NOT MET',
    ]),
  ];
  const widths = table[0]!.map((_, c) => Math.max(...table.map((line) => line[c]!.length)));
  console.log();
  for (const line of table) console.log(line.map((cell, c) => cell.padEnd(widths[c]!)).join('  '));
  for (const note of notes) console.log(`note: ${note}`);

  const results = path.resolve('bench/results');
  mkdirSync(results, { recursive: true });
  const file = path.join(
    results,
    `${new Date().toISOString().replace(/[:.]/g, '-')}${smoke ? '-smoke' : ''}.json`,
  );
  writeFileSync(
    file,
    `${JSON.stringify({ date: new Date().toISOString(), smoke, database: target.url ? 'postgresql' : 'pglite', rows, notes }, null, 2)}\n`,
  );
  console.log(`\nWritten to ${path.relative(process.cwd(), file)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
