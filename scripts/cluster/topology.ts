/**
 * The cluster the harness runs on loopback: a PostgreSQL primary and a streaming replica in
 * temporary folders (tests/support/postgres-cluster.ts), two production servers on the same
 * build, and nginx in front with a copy of deploy/nginx.conf. Everything started is registered
 * for `teardown()`, which the harness calls on success, failure and Ctrl-C alike.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { timedFetch, sleep } from './http';

export interface AppServer {
  readonly name: string;
  /** Everything it wrote to stdout and stderr, every life of it. */
  output(): string;
  readonly port: number;
  readonly base: string;
  process: ChildProcess | null;
  /** Parsed JSON log lines written so far (every life of this server). */
  lines(): Record<string, unknown>[];
  start(): Promise<void>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

const cleanups: (() => void | Promise<void>)[] = [];

export function onTeardown(cleanup: () => void | Promise<void>): void {
  cleanups.push(cleanup);
}

export async function teardown(): Promise<void> {
  while (cleanups.length) {
    const cleanup = cleanups.pop()!;
    try {
      // One step that hangs (a pool waiting for a dead server) must not keep the rest running.
      await Promise.race([
        cleanup(),
        sleep(15_000).then(() => {
          throw new Error('a step took longer than 15 s; moving on');
        }),
      ]);
    } catch (error) {
      console.error('teardown:', (error as Error).message);
    }
  }
}

/** Waits until `url` answers 200, at most `ms`. */
export async function waitFor200(url: string, ms: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    const { response } = await timedFetch(url, { timeoutMs: 3_000 });
    if (response?.status === 200) return Date.now() - started;
    await sleep(200);
  }
  throw new Error(`${url} did not answer 200 within ${ms / 1000} s`);
}

export function appServer(name: string, port: number, env: Record<string, string>): AppServer {
  let stdout = '';
  let stderr = '';
  const server: AppServer = {
    name,
    output: () => `${stdout}\n--- stderr ---\n${stderr}`,
    port,
    base: `http://127.0.0.1:${port}`,
    process: null,
    lines: () =>
      stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .flatMap((line) => {
          try {
            return [JSON.parse(line) as Record<string, unknown>];
          } catch {
            return [];
          }
        }),
    async start() {
      const child = spawn(
        process.execPath,
        ['scripts/server.mjs', '-p', String(port), '-H', '127.0.0.1'],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, ...env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
        },
      );
      server.process = child;
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      try {
        await waitFor200(`${server.base}/api/ready`, 90_000);
      } catch (error) {
        child.kill('SIGKILL');
        throw new Error(`${name}: ${(error as Error).message}\n${(stdout + stderr).slice(-2000)}`);
      }
    },
    async kill(signal) {
      const child = server.process;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      await Promise.race([exited, sleep(15_000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
  onTeardown(() => server.kill('SIGTERM'));
  return server;
}

export const NGINX = process.env.NGINX_BIN ?? '/usr/sbin/nginx';

/**
 * deploy/nginx.conf with the harness's ports: the upstream servers and the listen port replaced,
 * the log, pid and temporary files kept in a folder of its own. Nothing else differs.
 */
export function renderNginxConfig(
  shipped: string,
  options: { listen: number; upstreams: number[]; folder: string },
): string {
  const servers = shipped.match(/^\s*server 127\.0\.0\.1:\d+[^\n]*$/gm) ?? [];
  if (servers.length !== options.upstreams.length || !/^\s*listen 80;$/m.test(shipped)) {
    throw new Error(
      'deploy/nginx.conf no longer has the upstream servers and listen line expected',
    );
  }
  let config = shipped;
  servers.forEach((line, i) => {
    config = config.replace(
      line,
      line.replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${options.upstreams[i]}`),
    );
  });
  config = config.replace(/^(\s*)listen 80;$/m, `$1listen 127.0.0.1:${options.listen};`);
  const dir = options.folder;
  return config.replace(
    /^http \{$/m,
    [
      'http {',
      `    access_log ${dir}/access.log;`,
      `    client_body_temp_path ${dir}/body;`,
      `    proxy_temp_path ${dir}/proxy;`,
      `    fastcgi_temp_path ${dir}/fastcgi;`,
      `    uwsgi_temp_path ${dir}/uwsgi;`,
      `    scgi_temp_path ${dir}/scgi;`,
    ].join('\n'),
  );
}

export async function startNginx(options: { listen: number; upstreams: number[] }): Promise<{
  base: string;
  folder: string;
}> {
  if (!existsSync(NGINX)) {
    throw new Error(
      `nginx is not installed (${NGINX}). Debian/Ubuntu: apt-get install -y --no-install-recommends nginx`,
    );
  }
  const folder = mkdtempSync(path.join(tmpdir(), 'adhere-nginx-'));
  mkdirSync(path.join(folder, 'logs'));
  const file = path.join(folder, 'nginx.conf');
  writeFileSync(
    file,
    renderNginxConfig(readFileSync('deploy/nginx.conf', 'utf8'), { ...options, folder }),
  );
  const child = spawn(
    NGINX,
    [
      '-p',
      folder,
      '-c',
      file,
      '-g',
      `daemon off; pid ${folder}/nginx.pid; error_log ${folder}/error.log;`,
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  onTeardown(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGQUIT');
      await Promise.race([exited, sleep(5_000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    rmSync(folder, { recursive: true, force: true });
  });
  const base = `http://127.0.0.1:${options.listen}`;
  await waitFor200(`${base}/api/health`, 20_000);
  return { base, folder };
}
