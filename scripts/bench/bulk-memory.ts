import '../load-env';
import { writeHeapSnapshot } from 'node:v8';
import { and, count, eq, sum } from 'drizzle-orm';
import { closeDatabase, getDb } from '@/db/client';
import { buildPendingFhirExports } from '@/db/fhir-export-worker';
import type { Actor } from '@/db/queries/actor';
import {
  cancelFhirExport,
  getFhirExport,
  openFhirExportFile,
  startFhirExport,
} from '@/db/queries/fhir-export';
import { fhirExportChunks, users } from '@/db/schema';
import { clinicToday } from '@/lib/clinic-today';
import { SYSTEM_EXPORT_TYPES, type ExportType } from '@/lib/fhir/bulk';
import { BENCH_DOMAIN, BENCH_PASSWORD } from './dataset';
import { signIn } from './http';
import { startServer, treeRss } from './server';

/*
 * The FHIR bulk export's memory, in one process and without the web server around it:
 * `DATABASE_URL=… npx tsx --conditions=react-server scripts/bench/bulk-memory.ts`.
 * Builds a system export of the whole clinic with the worker the app servers run, reads every file
 * back as the download route does, and prints the process's RSS and heap growth (peaks sampled
 * every 25 ms) and resources per second. `npm run bench` measures the same through the server;
 * this is what to run while working on the worker, and it tells heap from RSS. Pass
 * `--snapshot` to write a heap snapshot at the heap's peak phase (the end of the build).
 *
 * `--server` measures the production server instead, as `npm run bench` does but with nothing else
 * running: it starts the build in NEXT_DIST_DIR (made beforehand with `next build`) on BENCH_PORT,
 * signs in as the benchmark clinic's admin, kicks off `$export`, polls and downloads every file,
 * sampling the server's RSS every 25 ms.
 */

const snapshot = process.argv.includes('--snapshot');
// `--seconds N`: cancel the export after N seconds (its worker stops at its next page) and report
// the memory of that part only, for a quick look at the worker's steady state.
// `--types A,B`: only these types (to see which part costs what).
const typesArg = process.argv.indexOf('--types') > 0 ? process.argv.indexOf('--types') : 0;
const secondsArg = process.argv.indexOf('--seconds');
const stopAfter = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) * 1000 : null;
const MB = 2 ** 20;

async function measureServer() {
  const port = Number(process.env.BENCH_PORT ?? 3900);
  const server = await startServer({ port, env: { DATABASE_URL: process.env.DATABASE_URL } });
  try {
    const cookie = await signIn(server.base, `admin@${BENCH_DOMAIN}`, BENCH_PASSWORD);
    // Settle after start-up and sign-in, so the growth is the export's.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const pid = server.process.pid!;
    const before = treeRss(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, treeRss(pid))), 25);
    const start = performance.now();
    const kickOff = await fetch(`${server.base}/fhir/R4/$export`, {
      headers: { cookie, prefer: 'respond-async' },
    });
    const statusUrl = kickOff.headers.get('content-location');
    if (kickOff.status !== 202 || !statusUrl) throw new Error(`kick-off ${kickOff.status}`);
    let manifest: { output: { type: string; url: string }[] } | null = null;
    while (!manifest) {
      if (stopAfter && performance.now() - start > stopAfter) {
        await fetch(`${server.base}${new URL(statusUrl).pathname}`, {
          method: 'DELETE',
          headers: { cookie },
        });
        clearInterval(sampler);
        console.log(
          `cancelled after ${((performance.now() - start) / 1000).toFixed(1)} s;`,
          `server RSS growth ${((peak - before) / MB).toFixed(1)} MB`,
        );
        return;
      }
      const status = await fetch(`${server.base}${new URL(statusUrl).pathname}`, {
        headers: { cookie },
      });
      if (status.status === 200) manifest = await status.json();
      else if (status.status === 202) await new Promise((resolve) => setTimeout(resolve, 500));
      else throw new Error(`status ${status.status}`);
    }
    const built = performance.now();
    const buildPeak = peak;
    let resources = 0;
    for (const output of manifest.output) {
      const file = await fetch(`${server.base}${new URL(output.url).pathname}`, {
        headers: { cookie },
      });
      const reader = file.body!.getReader();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        for (const byte of chunk.value) if (byte === 10) resources += 1;
      }
    }
    const end = performance.now();
    clearInterval(sampler);
    const seconds = (end - start) / 1000;
    console.log(`resources                          ${resources.toLocaleString('en')}`);
    console.log(`build                              ${((built - start) / 1000).toFixed(1)} s`);
    console.log(`build + download                   ${seconds.toFixed(1)} s`);
    console.log(
      `resources/s (build + download)     ${Math.round(resources / seconds).toLocaleString('en')}`,
    );
    console.log(`server RSS growth, build           ${((buildPeak - before) / MB).toFixed(1)} MB`);
    console.log(`server RSS growth, build + download ${((peak - before) / MB).toFixed(1)} MB`);
  } finally {
    await server.stop();
  }
}

async function main() {
  if (process.argv.includes('--server')) return measureServer();
  const db = await getDb();
  const [admin] = await db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.role, 'admin'), eq(users.active, true)))
    .limit(1);
  if (!admin) throw new Error('no active admin in this database');
  const actor: Actor = { ...admin, role: 'admin', sessionId: 'bench:bulk-memory' };

  global.gc?.();
  const before = process.memoryUsage();
  const peak = { rss: before.rss, heap: before.heapUsed, external: before.external };
  const sample = () => {
    const now = process.memoryUsage();
    peak.rss = Math.max(peak.rss, now.rss);
    peak.heap = Math.max(peak.heap, now.heapUsed);
    peak.external = Math.max(peak.external, now.external + now.arrayBuffers);
  };
  const sampler = setInterval(sample, 25);
  // `--timeline`: where the resident memory is, every 2 s (what grows: the heap V8 reserved,
  // memory outside it, or neither — then the allocator's own).
  const timeline = process.argv.includes('--timeline')
    ? setInterval(() => {
        const m = process.memoryUsage();
        const mb = (n: number) => (n / MB).toFixed(1).padStart(6);
        console.log(
          `rss ${mb(m.rss)}  heapTotal ${mb(m.heapTotal)}  heapUsed ${mb(m.heapUsed)}`,
          ` external ${mb(m.external)}  arrayBuffers ${mb(m.arrayBuffers)}`,
        );
      }, 2_000)
    : null;

  const start = performance.now();
  const started = await startFhirExport(actor, {
    level: 'system',
    types: typesArg
      ? (process.argv[typesArg + 1]!.split(',') as ExportType[])
      : [...SYSTEM_EXPORT_TYPES],
    requestUrl: 'http://bench/fhir/R4/$export',
    today: clinicToday(),
  });
  if (!started.ok) throw new Error('the export could not be started');
  const jobId = started.value.id;
  const stop = stopAfter ? setTimeout(() => void cancelFhirExport(actor, jobId), stopAfter) : null;
  await buildPendingFhirExports();
  if (stop) clearTimeout(stop);
  if (timeline) clearInterval(timeline);
  const built = performance.now();
  if (stopAfter) {
    clearInterval(sampler);
    const [written] = await db
      .select({ n: count(), lines: sum(fhirExportChunks.lines).mapWith(Number) })
      .from(fhirExportChunks)
      .where(eq(fhirExportChunks.jobId, jobId));
    console.log(
      `${written?.lines ?? 0} resources in ${((built - start) / 1000).toFixed(1)} s;`,
      `RSS growth ${((peak.rss - before.rss) / MB).toFixed(1)} MB,`,
      `heap used growth ${((peak.heap - before.heapUsed) / MB).toFixed(1)} MB,`,
      `external ${((peak.external - before.external - before.arrayBuffers) / MB).toFixed(1)} MB`,
    );
    return;
  }
  const buildPeak = { ...peak };
  if (snapshot) console.log('heap snapshot', writeHeapSnapshot());

  const job = await getFhirExport(actor, jobId);
  if (job?.status !== 'complete') throw new Error(`the export ended ${job?.status}: ${job?.error}`);
  let resources = 0;
  let bytes = 0;
  for (const { type } of job.files.filter((f) => f.count > 0)) {
    const chunks = await openFhirExportFile(actor, jobId, type);
    for await (const body of chunks ?? []) {
      bytes += body.byteLength;
      for (let i = body.indexOf(10); i !== -1; i = body.indexOf(10, i + 1)) resources += 1;
    }
  }
  const end = performance.now();
  clearInterval(sampler);
  sample();
  const [chunks] = await db
    .select({ n: count() })
    .from(fhirExportChunks)
    .where(eq(fhirExportChunks.jobId, jobId));
  await cancelFhirExport(actor, jobId);

  const row = (label: string, value: string) => console.log(`${label.padEnd(34)} ${value}`);
  row('patients', String(job.patientsTotal));
  row('resources', resources.toLocaleString('en'));
  row('NDJSON', `${(bytes / MB).toFixed(1)} MB in ${chunks?.n ?? 0} chunks`);
  row('build', `${((built - start) / 1000).toFixed(1)} s`);
  row('build + download', `${((end - start) / 1000).toFixed(1)} s`);
  row(
    'resources/s (build + download)',
    Math.round(resources / ((end - start) / 1000)).toLocaleString('en'),
  );
  row('RSS growth, build', `${((buildPeak.rss - before.rss) / MB).toFixed(1)} MB`);
  row('RSS growth, build + download', `${((peak.rss - before.rss) / MB).toFixed(1)} MB`);
  row('heap used growth (peak)', `${((peak.heap - before.heapUsed) / MB).toFixed(1)} MB`);
  row(
    'external + array buffers (peak)',
    `${((peak.external - before.external - before.arrayBuffers) / MB).toFixed(1)} MB`,
  );
}

main()
  .then(() => closeDatabase())
  .catch(async (error: unknown) => {
    console.error(error);
    await closeDatabase();
    process.exitCode = 1;
  });
