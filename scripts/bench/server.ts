/** Starting the production server for the benchmark, and reading its memory from /proc. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { waitForServer } from './http';
import { BenchSetupError } from './report';

export interface RunningServer {
  base: string;
  process: ChildProcess;
  stop: () => Promise<void>;
}

const next = path.resolve('node_modules/next/dist/bin/next');

/** The servers this run has started and that have not exited yet. */
const running = new Set<ChildProcess>();

/** Stops every server still running (a run that gives up must not leave one on its port). */
export function killServers(): void {
  for (const child of running) child.kill('SIGTERM');
}

export function buildApp(): void {
  const result = spawnSync(process.execPath, [next, 'build'], {
    stdio: 'inherit',
    // Built as a clinic would build it: no database or secrets are needed at build time.
    env: { ...process.env, DATABASE_URL: '', NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error('next build failed');
}

/**
 * Refuses a port something already listens on: the benchmark would otherwise measure (and sign in
 * to) whatever answers there — another helper's server, or a dev server on other data.
 */
export async function assertPortFree(port: number): Promise<void> {
  const free = await new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
  if (!free) {
    throw new BenchSetupError(
      `Port ${port} is already in use. Stop what listens there, or choose another port with ` +
        'BENCH_PORT (e.g. BENCH_PORT=3901 npm run bench).',
    );
  }
}

export async function startServer(options: {
  port: number;
  env: Record<string, string | undefined>;
}): Promise<RunningServer> {
  await assertPortFree(options.port);
  const base = `http://127.0.0.1:${options.port}`;
  const child = spawn(
    process.execPath,
    [
      // BENCH_CPU_PROF_DIR=dir writes a V8 CPU profile of each server there when it stops (open
      // it in Chrome's DevTools or summarise it with scripts/bench/profile-top.ts).
      ...(process.env.BENCH_CPU_PROF_DIR
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`]
        : []),
      'scripts/server.mjs',
      '-p',
      String(options.port),
      '-H',
      '127.0.0.1',
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        ...options.env,
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        // As the README recommends for a clinic's server on PostgreSQL: one worker process per
        // core (the embedded database of --smoke ignores it and runs one).
        WEB_CONCURRENCY: process.env.WEB_CONCURRENCY ?? 'auto',
        NEXTAUTH_URL: base,
        NEXTAUTH_SECRET: 'benchmark-only-secret-0123456789abcdef',
      },
    },
  );
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  child.stdout?.on('data', (chunk) => (output += String(chunk)));
  child.stderr?.on('data', (chunk) => (output += String(chunk)));
  try {
    await waitForServer(`${base}/api/health`, 120_000);
  } catch (error) {
    child.kill('SIGTERM');
    throw new Error(`${(error as Error).message}\n${output.slice(-2000)}`);
  }
  return {
    base,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

// The kernel counts CPU time in clock ticks (USER_HZ), 100 a second on Linux unless configured
// otherwise; asked once.
let ticksPerSecond: number | undefined;
function clockTicks(): number {
  ticksPerSecond ??= Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;
  return ticksPerSecond;
}

/** Resident memory (bytes) and CPU time used so far (ms) of a process and all its descendants. */
function treeStats(rootPid: number): { rss: number; cpuMs: number } {
  const children = new Map<number, number[]>();
  const own = new Map<number, { rss: number; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      const pid = Number(entry);
      // utime, stime, cutime, cstime: the process's own time and that of its children that have
      // ended (a worker that exited and was replaced still counts; a live one counts as itself).
      const ticks = [11, 12, 13, 14].reduce((sum, at) => sum + Number(fields[at]), 0);
      own.set(pid, { rss: Number(fields[21]) * 4096, ticks });
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch {
      // the process ended while we looked
    }
  }
  let rss = 0;
  let ticks = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop()!;
    rss += own.get(pid)?.rss ?? 0;
    ticks += own.get(pid)?.ticks ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return { rss, cpuMs: (ticks * 1000) / clockTicks() };
}

/** Resident memory of a process and all its descendants, in bytes. */
export function treeRss(rootPid: number): number {
  return treeStats(rootPid).rss;
}

/** CPU time used so far by a process and all its descendants (the server's workers), in ms. */
export function treeCpuMs(rootPid: number): number {
  return treeStats(rootPid).cpuMs;
}
