/**
 * The production server (`scripts/server.mjs` on the last `next build`) started by a test on a
 * port of its own, with its output kept: for tests that read its log, stop its database, or send
 * it signals. The end-to-end suite's own server (scripts/e2e-server.mjs) is never touched.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from './postgres-cluster';

export interface LogLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

export interface ProductionServer {
  readonly base: string;
  readonly process: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Its stdout lines parsed as JSON; a line that is not JSON is kept as { level: 'raw' }. */
  lines(): LogLine[];
  /** Sends a signal and resolves with how the process ended. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const tsx = path.resolve('node_modules/.bin/tsx');

/** Runs one of the repository's scripts (e.g. db-migrate.ts, db-seed.ts) to completion. */
export function runScript(script: string, env: Record<string, string | undefined>): string {
  const result = spawnSync(tsx, [path.join('scripts', script)], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 5 * 60_000,
  });
  if (result.status !== 0) {
    throw new Error(`${script} failed:\n${result.stdout}${result.stderr}`);
  }
  return result.stdout;
}

export async function startProductionServer(options: {
  env: Record<string, string | undefined>;
  timeoutMs?: number;
}): Promise<ProductionServer> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    ['scripts/server.mjs', '-p', String(port), '-H', '127.0.0.1'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        NEXTAUTH_URL: base,
        NEXTAUTH_SECRET: 'production-server-test-secret-0123456789abcdef',
        APP_TIMEZONE: 'UTC',
        ...options.env,
      },
    },
  );
  let output = '';
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );

  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`the server exited with ${child.exitCode}:\n${output.slice(-3000)}`);
    }
    try {
      // Readiness also opens the database, so the first test request does not pay for it.
      const response = await fetch(`${base}/api/ready`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not become ready:\n${output.slice(-3000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  return {
    base,
    process: child,
    output: () => output,
    lines: () =>
      stdout
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => {
          try {
            return JSON.parse(line) as LogLine;
          } catch {
            return { level: 'raw', msg: line };
          }
        }),
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
