import '../load-env';
import path from 'node:path';
import { weeklyExportQuery } from '@/db/exports';
import { clinicToday } from '@/lib/clinic-today';
import { BENCH_PASSWORD, SMOKE } from './dataset';
import { ADMIN_EMAIL, PHYSIO_EMAIL, readFixture, type Fixture } from './fixture';
import { captureTraces, measureCopy, measureTrace } from './floors';
import { measureGrowthDatabases, measureGrowthPoint, type GrowthPoint } from './growth';
import { signIn } from './http';
import { loadBenchClinic, openFreshBenchDatabase } from './load';
import {
  bulkExport,
  downloadCsv,
  firstLoadJs,
  getPage,
  loadPage,
  saturatePage,
  withRssPeak,
} from './phases';
import { openRawDb, type RawDb } from './raw-db';
import { BenchSetupError, INFO, REFERENCE, Report, type Level } from './report';
import { openLoopSaves, rawSaveFloor, saturateAppSaves, SaveWorkload } from './saves';
import { assertPortFree, buildApp, killServers, startServer } from './server';
import { checkStored, simultaneousSaves, type Submitted } from './simultaneous';
import { openLoopSchedule, saturation, summarise } from './stats';
import { benchTarget } from './target';
import { watchdog } from './watchdog';

/*
 * `npm run bench`: the production server on the benchmark clinic (see `npm run bench:data`),
 * measured beside the floor of the same run, because these machines are shared and noisy:
 * each page's own SQL replayed from the bench process at the page's concurrency plus the empty
 * route at that concurrency, the app's save transaction as raw SQL, COPY for the CSV, the
 * framework's empty page for JavaScript. Targets (issue 15) are reported as met or not, never
 * asserted. `--smoke` runs every phase in miniature on a ten-patient PGlite clinic (used by
 * `npm test`); `--only <phase>` runs one phase; `--no-build` reuses the last build.
 */

const PHASES = [
  'pages',
  'js',
  'csv',
  'bulk',
  'saves',
  'open-loop',
  'simultaneous',
  'growth',
] as const;
type Phase = (typeof PHASES)[number];

function parseArgs(argv: string[]) {
  const smoke = argv.includes('--smoke');
  const at = argv.indexOf('--only');
  const only = at === -1 ? undefined : argv[at + 1];
  if (only !== undefined && !PHASES.includes(only as Phase)) {
    throw new BenchSetupError(`--only takes one of ${PHASES.join(', ')}; got "${only ?? ''}".`);
  }
  return { smoke, skipBuild: argv.includes('--no-build'), only: only as Phase | undefined };
}

let args: ReturnType<typeof parseArgs>;
try {
  args = parseArgs(process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
const { smoke } = args;
const runs = (phase: Phase) => !args.only || args.only === phase;

const began = performance.now();
/**
 * The longest any step may take: the slowest, a build on a busy machine or the growth phase's
 * three servers, take a few minutes. A step past it is stuck (two runs hung for good on a query
 * that never answered).
 */
const STEP_LIMIT_MS = 15 * 60_000;
const stuck = watchdog({
  limitMs: STEP_LIMIT_MS,
  onStuck: (what, limitMs) => {
    console.error(
      `\nThe bench has been at "${what}" for ${limitMs / 60_000} minutes: it is stuck, so it stops here (and stops its servers). Nothing was written to bench/results/.`,
    );
    killServers();
    process.exit(1);
  },
});
/** Prints what the bench is doing, with the seconds since it started. */
function step(what: string): void {
  stuck.step(what);
  console.log(`[${((performance.now() - began) / 1000).toFixed(0).padStart(4)} s] ${what}`);
}
const clients = (n: number) => `${n} client${n === 1 ? '' : 's'}`;

/** Every size of the run, full and in miniature. */
const SIZE = smoke
  ? {
      seconds: 1,
      openLoopSeconds: 1,
      openLoopRate: 10,
      loggers: 10,
      logDays: 2,
      saveLevels: [1, 4],
    }
  : {
      seconds: 10,
      openLoopSeconds: 30,
      openLoopRate: 50,
      loggers: 200,
      logDays: 3,
      saveLevels: [1, 4, 16, 64],
    };
/** The page figures' concurrency: their floors are measured at the same. */
const PAGE_CLIENTS = 4;
const PAGE_LEVELS = smoke ? [1, 4] : [1, 2, 4, 8];
const port = Number(process.env.BENCH_PORT ?? 3900);
const growthUrls = (process.env.BENCH_GROWTH_URLS ?? '')
  .split(',')
  .map((u) => u.trim())
  .filter(Boolean);

/** Pages whose first-load JavaScript is measured, with whose session; ids from the fixture. */
function jsPages(f: Fixture): [string, string, 'none' | 'patient' | 'physio' | 'admin'][] {
  return [
    ['/login', '/login', 'none'],
    ['/patient', '/patient', 'patient'],
    ['/patient/progress', '/patient/progress', 'patient'],
    ['/physio', '/physio', 'physio'],
    ['/physio/patients/new', '/physio/patients/new', 'physio'],
    ['/physio/patients/[id]', `/physio/patients/${f.recordPatientId}`, 'physio'],
    ['/physio/patients/[id]/routine', `/physio/patients/${f.recordPatientId}/routine`, 'physio'],
    ['/physio/exercises', '/physio/exercises', 'physio'],
    ['/physio/exercises/new', '/physio/exercises/new', 'physio'],
    ['/physio/exercises/[id]', `/physio/exercises/${f.exerciseId}`, 'physio'],
    ['/admin', '/admin', 'admin'],
    ['/admin/accounts/new', '/admin/accounts/new', 'admin'],
    ['/admin/accounts/[id]', `/admin/accounts/${f.physioId}`, 'admin'],
    ['/admin/audit', '/admin/audit', 'admin'],
    ['/admin/figures', '/admin/figures', 'admin'],
    ['/admin/reports', '/admin/reports', 'admin'],
    ['/admin/tokens', '/admin/tokens', 'admin'],
  ];
}

async function main() {
  await assertPortFree(port);
  const report = new Report();
  const today = clinicToday();
  const target = smoke ? { pgliteDir: '.data/bench-smoke/pglite' } : benchTarget();
  if (smoke) {
    const fresh = await openFreshBenchDatabase(target);
    await loadBenchClinic(fresh, { ...SMOKE, today });
    await fresh.close();
  }
  const postgres = Boolean(target.url);
  console.log(
    `Benchmark on ${postgres ? 'PostgreSQL (DATABASE_URL)' : `PGlite (${target.pgliteDir})`}…`,
  );
  // PGlite allows one process at a time: the bench lets go of it while the server runs.
  let db: RawDb = await openRawDb(target);
  const fixture = await readFixture(db, { today, loggers: SIZE.loggers, logDays: SIZE.logDays });
  const [{ patients }] = (await db.query<{ patients: number }>(
    'select count(*)::int as patients from patient_profiles',
  )) as [{ patients: number }];
  await db.close();

  if (!args.skipBuild) {
    step('building…');
    buildApp();
  }
  step('starting the server…');
  const distDir = path.resolve(process.env.NEXT_DIST_DIR ?? '.next');
  const server = await startServer({
    port,
    env: postgres
      ? { DATABASE_URL: target.url }
      : { DATABASE_URL: '', PGLITE_DIR: target.pgliteDir },
  });
  const base = server.base;
  const pid = server.process.pid!;
  const workload = new SaveWorkload(fixture, today);
  type PageLoad = Awaited<ReturnType<typeof loadPage>>;
  let empty: PageLoad | undefined;
  let framePage: PageLoad | undefined;
  let caseload: PageLoad | undefined;
  let recordPage: PageLoad | undefined;
  let csv: { ok: boolean; rows: number; seconds: number; growthMb: number } | undefined;
  let saveLevels: Level[] = [];
  let submitted: Submitted[] = [];
  let growthOneYear: { caseloadP50: number; recordP50: number } | undefined;
  try {
    const physioCookie = await signIn(base, PHYSIO_EMAIL, BENCH_PASSWORD);
    const adminCookie = await signIn(base, ADMIN_EMAIL, BENCH_PASSWORD);
    const cookies = new Map<string, string>();
    if (runs('js') || runs('saves') || runs('open-loop') || runs('simultaneous')) {
      await Promise.all(
        Array.from({ length: 4 }, async (_, lane) => {
          for (let i = lane; i < fixture.loggerEmails.length; i += 4) {
            const email = fixture.loggerEmails[i]!;
            cookies.set(email, await signIn(base, email, BENCH_PASSWORD));
          }
        }),
      );
    }

    if (runs('pages')) {
      step('pages…');
      const run = { concurrency: PAGE_CLIENTS, seconds: SIZE.seconds, serverPid: pid };
      empty = await loadPage(base, '/api/health', undefined, run);
      // Not a floor: what Next.js and the signed-in frame cost on a page with none of our data
      // (the add-patient form reads only the session), to show how much of each page is that.
      framePage = await loadPage(base, '/physio/patients/new', physioCookie, run);
      report.noteErrors('add-patient page', framePage);
      const saturated = await saturatePage(
        base,
        '/physio',
        physioCookie,
        PAGE_LEVELS,
        SIZE.seconds,
        pid,
      );
      report.saturation['caseload (200 patients), closed loop'] = saturated.table;
      caseload = saturated.results.get(PAGE_CLIENTS)!;
      for (const [clients, result] of saturated.results)
        report.noteErrors(`caseload at ${clients} clients`, result);
      recordPage = await loadPage(
        base,
        `/physio/patients/${fixture.recordPatientId}`,
        physioCookie,
        run,
      );
      report.noteErrors('empty route', empty);
      report.noteErrors('patient record', recordPage);
    }

    if (runs('js')) {
      step('first-load JavaScript…');
      // The floor: a page with no client component of ours (an unknown set-password link).
      const floorHtml = await (await getPage(base, `/set-password/${'x'.repeat(43)}`)).text();
      const jsFloor = firstLoadJs(floorHtml, distDir) / 1024;
      const sessionCookie = {
        none: undefined,
        patient: cookies.get(fixture.loggerEmails[0]!),
        physio: physioCookie,
        admin: adminCookie,
      };
      // The smoke run checks the harness on a few pages; the full run measures every page.
      for (const [label, url, who] of jsPages(fixture).slice(0, smoke ? 4 : undefined)) {
        const response = await getPage(base, url, sessionCookie[who]);
        const html = await response.text();
        if (response.status !== 200) report.note(`${label} answered ${response.status}.`);
        const kb = firstLoadJs(html, distDir) / 1024;
        report.record({
          figure: `first-load JS ${label}`,
          value: kb,
          unit: 'kB gz',
          floor: jsFloor,
          target: '≤ 1.05× floor',
          met: response.status === 200 && kb <= 1.05 * jsFloor,
        });
      }
    }

    if (runs('csv')) {
      step('weekly CSV…');
      const { value, growthMb } = await withRssPeak(pid, () => downloadCsv(base, adminCookie));
      csv = { ...value, growthMb };
    }

    if (runs('bulk')) {
      step('FHIR bulk export…');
      try {
        const { value: bulk, growthMb } = await withRssPeak(pid, () =>
          bulkExport(base, adminCookie),
        );
        if (bulk.patients !== patients) {
          report.note(`Bulk export has ${bulk.patients} patients, the clinic ${patients}.`);
        }
        report.record({
          figure: `FHIR bulk export (${bulk.resources} resources) resources/s`,
          value: bulk.resources / bulk.seconds,
          unit: 'res/s',
          target: 'complete, every patient',
          met: bulk.patients === patients,
        });
        report.record({
          figure: 'FHIR bulk export server RSS growth',
          value: growthMb,
          unit: 'MB',
          target: '≤ 50 MB',
          met: growthMb <= 50,
        });
      } catch (error) {
        report.note(`Bulk export failed: ${String(error)}`);
        report.record({
          figure: 'FHIR bulk export',
          value: NaN,
          unit: 'res/s',
          target: 'complete, every patient',
          met: false,
        });
      }
    }

    if (runs('saves')) {
      step('saves, saturation…');
      saveLevels = await saturateAppSaves({
        base,
        cookies,
        workload,
        levels: SIZE.saveLevels,
        seconds: SIZE.seconds,
      });
      report.saturation['day-log saves, closed loop (app)'] = saveLevels;
      for (const l of saveLevels) report.noteErrors(`saves at ${l.clients} clients`, l);
    }

    if (runs('open-loop')) {
      step(`saves, open loop (${SIZE.openLoopRate}/s for ${SIZE.openLoopSeconds} s)…`);
      const open = await openLoopSaves({
        base,
        cookies,
        workload,
        schedule: openLoopSchedule(SIZE.openLoopRate, SIZE.openLoopSeconds),
      });
      report.noteErrors('open-loop saves', open);
      const s = summarise(open.latencies);
      if (open.lateMs > 20)
        report.note(
          `open loop: a save was sent up to ${open.lateMs.toFixed(0)} ms late (the bench itself was busy).`,
        );
      report.record({
        figure: `saves at ${SIZE.openLoopRate}/s open loop p50`,
        value: s.p50,
        unit: 'ms',
        target: INFO,
        met: true,
      });
      report.record({
        figure: `saves at ${SIZE.openLoopRate}/s open loop p95`,
        value: s.p95,
        unit: 'ms',
        target: '≤ 50 ms',
        met: s.p95 <= 50,
      });
      report.record({
        figure: `saves at ${SIZE.openLoopRate}/s open loop p99`,
        value: s.p99,
        unit: 'ms',
        target: '≤ 150 ms',
        met: s.p99 <= 150,
      });
      report.record({
        figure: `saves at ${SIZE.openLoopRate}/s open loop errors`,
        value: open.errors,
        unit: 'count',
        target: '0',
        met: open.errors === 0,
      });
    }

    // Last of the writes: the later phases' saves would overwrite its pain reports' keys.
    if (runs('simultaneous')) {
      step(`${SIZE.loggers} simultaneous saves…`);
      submitted = await simultaneousSaves({
        base,
        cookies,
        fixture,
        today,
        logDays: SIZE.logDays,
        report,
      });
    }

    if (runs('growth')) {
      step('growth, this database…');
      growthOneYear = await measureGrowthPoint({
        base,
        physioCookie,
        recordPatientId: fixture.recordPatientId,
        seconds: SIZE.seconds,
        concurrency: PAGE_CLIENTS,
      });
    }
  } finally {
    await server.stop();
  }

  // The floors, with the server stopped so nothing else runs on the two cores.
  db = await openRawDb(target);
  if (submitted.length) await checkStored(db, submitted, SIZE.loggers * SIZE.logDays, report);

  if (runs('pages') && empty && caseload && recordPage) {
    await db.close();
    step('floors: capturing the pages’ SQL…');
    const traces = captureTraces({
      ...target,
      physioEmail: PHYSIO_EMAIL,
      recordPatientId: fixture.recordPatientId,
      today,
    });
    db = await openRawDb(target);
    const run = { concurrency: PAGE_CLIENTS, seconds: SIZE.seconds };
    const caseloadSql = await measureTrace(db, traces.caseload, run);
    const recordSql = await measureTrace(db, traces.record, run);
    report.noteErrors('caseload SQL replay', caseloadSql);
    report.noteErrors('record SQL replay', recordSql);
    const emptyS = summarise(empty.latencies);
    report.record({
      figure: `empty route p50 (${PAGE_CLIENTS} clients)`,
      value: emptyS.p50,
      unit: 'ms',
      target: REFERENCE,
      met: true,
    });
    report.record({
      figure: `empty route p95 (${PAGE_CLIENTS} clients)`,
      value: emptyS.p95,
      unit: 'ms',
      target: REFERENCE,
      met: empty.errors === 0,
    });
    for (const [label, page, sql, statements, limit] of [
      ['caseload (200 patients)', caseload, caseloadSql, traces.caseload.length, 100],
      ['patient record (52 weeks)', recordPage, recordSql, traces.record.length, 80],
    ] as const) {
      const p = summarise(page.latencies);
      const q = summarise(sql.latencies);
      report.record({
        figure: `${label} p50 (${PAGE_CLIENTS} clients)`,
        value: p.p50,
        unit: 'ms',
        floor: q.p50 + emptyS.p50,
        floorParts: { [`its SQL (${statements} statements)`]: q.p50, 'empty route': emptyS.p50 },
        target: INFO,
        met: true,
      });
      const floor = q.p95 + emptyS.p95;
      report.record({
        figure: `${label} p95 (${PAGE_CLIENTS} clients)`,
        value: p.p95,
        unit: 'ms',
        floor,
        floorParts: { [`its SQL (${statements} statements)`]: q.p95, 'empty route': emptyS.p95 },
        target: `≤ 1.5× floor and ≤ ${limit} ms`,
        met: p.p95 <= 1.5 * floor && p.p95 <= limit && page.errors === 0,
      });
    }
    if (framePage) {
      const frame = summarise(framePage.latencies);
      for (const [quantile, value] of [
        ['p50', frame.p50],
        ['p95', frame.p95],
      ] as const) {
        report.record({
          figure: `signed-in page with no data of ours (add patient) ${quantile} (${PAGE_CLIENTS} clients)`,
          value,
          unit: 'ms',
          target: REFERENCE,
          met: framePage.errors === 0,
        });
      }
    }
    // CPU time is steadier than latency on a shared machine, and says what each page costs the
    // server itself (every worker process), whatever else the cores were doing.
    for (const [label, result] of [
      ['empty route', empty],
      ['add-patient page', framePage],
      ['caseload', caseload],
      ['patient record', recordPage],
    ] as const) {
      if (result?.serverCpuMsPerRequest === undefined) continue;
      report.record({
        figure: `server CPU per request, ${label} (${PAGE_CLIENTS} clients)`,
        value: result.serverCpuMsPerRequest,
        unit: 'ms',
        target: INFO,
        met: true,
      });
    }
    report.record({
      figure: `caseload requests/s (${PAGE_CLIENTS} clients)`,
      value: caseload.requests / caseload.seconds,
      unit: 'req/s',
      target: INFO,
      met: caseload.errors === 0,
    });
  }

  if (csv) {
    const copy = await measureCopy(db, weeklyExportQuery({ scope: { clinic: true }, today }));
    if (csv.rows !== copy.rows) report.note(`CSV has ${csv.rows} rows, COPY ${copy.rows}.`);
    const rowsPerSecond = csv.rows / csv.seconds;
    report.record({
      figure: `weekly CSV (${csv.rows} rows) rows/s`,
      value: rowsPerSecond,
      unit: 'rows/s',
      floor: copy.rowsPerSecond,
      target: '≥ 80% of COPY',
      met: csv.ok && rowsPerSecond >= 0.8 * copy.rowsPerSecond,
    });
    report.record({
      figure: 'weekly CSV server RSS growth',
      value: csv.growthMb,
      unit: 'MB',
      target: '≤ 50 MB',
      met: csv.growthMb <= 50,
    });
  }

  if (saveLevels.length) {
    const top = saturation(saveLevels)!;
    step(`floors: raw-SQL saves at ${clients(top.clients)}…`);
    // On a pool of its own: twice, on the pool the pages' replays had used (reserved connections
    // taken and released), the 64 transactions stalled for good with 9 of its 10 connections
    // connected and idle and nothing sent; six saves-only runs, on a fresh pool, never did.
    await db.close();
    db = await openRawDb(target);
    const raw = await rawSaveFloor({
      db,
      workload,
      today,
      clients: top.clients,
      seconds: SIZE.seconds,
    });
    report.saturation['day-log saves, raw-SQL floor (bench process)'] = [raw];
    report.noteErrors('raw-SQL saves', raw);
    report.record({
      figure: `save throughput at saturation (${clients(top.clients)})`,
      value: top.throughput,
      unit: 'saves/s',
      floor: raw.throughput,
      floorParts: {
        [`the app's save transaction as raw SQL at ${clients(top.clients)}`]: raw.throughput,
      },
      target: '≥ 50% of floor',
      met: top.throughput >= 0.5 * raw.throughput && top.errors === 0,
    });
  }
  await db.close();

  if (growthOneYear) {
    const points: GrowthPoint[] = [];
    let reference: GrowthPoint = { label: '1 year (this run)', years: 1, ...growthOneYear };
    if (postgres && target.url && growthUrls.length) {
      step(`growth: this database on a fresh server, then ${growthUrls.length} more…`);
      const measure = (urls: string[]) =>
        measureGrowthDatabases({
          urls,
          port: port + 1,
          today,
          seconds: SIZE.seconds,
          concurrency: PAGE_CLIENTS,
          onError: (url, error) =>
            report.note(
              `growth: ${url.replace(/\/\/[^@/]*@/, '//')} not measured: ${String(error)}`,
            ),
        });
      // The 1-year point is measured like the others (a fresh server, nothing run before it):
      // the main server's figure comes after all the write phases and is not comparable.
      const [fresh] = await measure([target.url]);
      if (fresh) reference = { ...fresh, label: `${fresh.label} (this database, fresh server)` };
      points.push(...(await measure(growthUrls)));
    } else if (!smoke) {
      report.note(
        'growth not measured: set BENCH_GROWTH_URLS to the 2- and 5-year databases (npm run bench:data -- --years N).',
      );
    }
    report.growth.push(reference, ...points);
    // The targets compare five years with one; with no 5-year database they stay unmet.
    const five = points.find((p) => p.years === 5);
    report.record({
      figure: 'caseload p50, 5 years vs 1 year',
      value: five ? five.caseloadP50 / reference.caseloadP50 : NaN,
      unit: '×',
      target: '≤ 1.2×',
      met: !!five && five.caseloadP50 / reference.caseloadP50 <= 1.2,
    });
    report.record({
      figure: 'patient record p50, 5 years vs 1 year',
      value: five ? five.recordP50 / reference.recordP50 : NaN,
      unit: '×',
      target: '≤ 2×',
      met: !!five && five.recordP50 / reference.recordP50 <= 2,
    });
  }

  step('done.');
  report.print();
  const file = report.write({
    smoke,
    database: postgres ? 'postgresql' : 'pglite',
    only: args.only,
  });
  console.log(`\nWritten to ${path.relative(process.cwd(), file)}`);
}

main()
  .then(() => stuck.stop())
  .catch((error: unknown) => {
    if (error instanceof BenchSetupError) console.error(error.message);
    else console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  });
