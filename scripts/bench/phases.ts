/**
 * The phases against the running server: the empty route and the pages (closed loop, with the
 * caseload's saturation table), first-load JavaScript, the weekly CSV and the FHIR bulk export.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { load, type LoadResult } from './http';
import type { Level } from './report';
import { level } from './saves';
import { treeCpuMs, treeRss } from './server';

export function getPage(base: string, url: string, cookie?: string): Promise<Response> {
  return fetch(`${base}${url}`, { headers: cookie ? { cookie } : {} });
}

/**
 * The page in a closed loop, after one untimed request (compiled code paths, warm caches). With
 * the server's pid, also the server's CPU time per request over the loop (all its processes).
 */
export async function loadPage(
  base: string,
  url: string,
  cookie: string | undefined,
  options: { concurrency: number; seconds: number; serverPid?: number },
): Promise<LoadResult & { serverCpuMsPerRequest?: number }> {
  await (await getPage(base, url, cookie)).arrayBuffer();
  const { serverPid } = options;
  const before = serverPid === undefined ? 0 : treeCpuMs(serverPid);
  const result = await load({ ...options, request: () => getPage(base, url, cookie) });
  if (serverPid === undefined || result.requests === 0) return result;
  return { ...result, serverCpuMsPerRequest: (treeCpuMs(serverPid) - before) / result.requests };
}

/** The page at each concurrency in turn; returns the table and each level's raw result. */
export async function saturatePage(
  base: string,
  url: string,
  cookie: string,
  levels: readonly number[],
  seconds: number,
  serverPid?: number,
): Promise<{ table: Level[]; results: Map<number, Awaited<ReturnType<typeof loadPage>>> }> {
  const table: Level[] = [];
  const results = new Map<number, Awaited<ReturnType<typeof loadPage>>>();
  for (const clients of levels) {
    const result = await loadPage(base, url, cookie, {
      concurrency: clients,
      seconds,
      serverPid,
    });
    results.set(clients, result);
    table.push(level(clients, result));
  }
  return { table, results };
}

/** The gzip size of the JavaScript files a page's HTML loads, from the build's own files. */
export function firstLoadJs(html: string, distDir: string): number {
  const sources = new Set(
    [...html.matchAll(/<script[^>]+src="\/_next\/static\/([^"?]+)/g)].map((m) => m[1]!),
  );
  let total = 0;
  for (const source of sources) {
    total += gzipSync(readFileSync(path.join(distDir, 'static', source))).length;
  }
  return total;
}

/** Samples the server's resident memory (with its children) every 25 ms while `run` runs. */
export async function withRssPeak<T>(
  pid: number,
  run: () => Promise<T>,
): Promise<{ value: T; growthMb: number }> {
  const before = treeRss(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, treeRss(pid))), 25);
  try {
    const value = await run();
    peak = Math.max(peak, treeRss(pid));
    return { value, growthMb: (peak - before) / 2 ** 20 };
  } finally {
    clearInterval(sampler);
  }
}

/** The clinic's weekly CSV, streamed and counted. */
export async function downloadCsv(base: string, cookie: string) {
  const started = performance.now();
  const response = await fetch(`${base}/api/reports/weekly.csv`, { headers: { cookie } });
  let lines = 0;
  const reader = response.body!.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    for (const byte of chunk.value) if (byte === 10) lines++;
  }
  const seconds = (performance.now() - started) / 1000;
  // The header line is not a row.
  return { ok: response.ok, rows: Math.max(0, lines - 1), seconds };
}

/** Kicks off `$export`, polls its status to the manifest and downloads every file. */
export async function bulkExport(base: string, cookie: string) {
  const start = performance.now();
  const headers = { cookie };
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
  return { resources, patients, seconds: (performance.now() - start) / 1000 };
}
