import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { postgresServerBin, startPostgresCluster } from '../support/postgres-cluster';
import { runScript, startProductionServer } from '../support/production-server';
import { DEMO, DEMO_PASSWORD, expect, test } from './fixtures';

test('WEB_CONCURRENCY=2 on the embedded database: one process serves, and the log says the setting was ignored', async ({
  request,
}) => {
  test.setTimeout(3 * 60_000);
  const folder = mkdtempSync(path.join(tmpdir(), 'adhere-workers-'));
  try {
    const env = { PGLITE_DIR: path.join(folder, 'pglite'), DATABASE_URL: '', WEB_CONCURRENCY: '2' };
    runScript('db-seed.ts', env);
    const server = await startProductionServer({ env });
    for (let i = 0; i < 4; i += 1) {
      expect((await request.get(`${server.base}/login`)).status()).toBe(200);
    }
    const lines = server.lines();
    expect(lines.some((line) => line.msg.startsWith('WEB_CONCURRENCY is ignored'))).toBe(true);
    expect(lines.filter((line) => line.msg.startsWith('Adhere: listening on'))).toHaveLength(1);
    expect(
      new Set(lines.filter((line) => line.pid !== undefined).map((line) => line.pid)).size,
      'one process wrote the log',
    ).toBe(1);
    expect(await server.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('WEB_CONCURRENCY=2: two worker processes answer on one port, a session signed in on one is good on the other, and SIGTERM stops both cleanly', async ({
  playwright,
}) => {
  // Needs PostgreSQL's server programs to run a cluster of its own; CI has them and must run it
  // (without CI, a machine with Node alone still runs the embedded test above).
  test.skip(
    !postgresServerBin() && !process.env.CI,
    'no PostgreSQL server programs in /usr/lib/postgresql/*/bin',
  );
  test.setTimeout(5 * 60_000);
  const cluster = await startPostgresCluster();
  try {
    const url = await cluster.createDatabase('adhere');
    runScript('db-migrate.ts', { DATABASE_URL: url });
    runScript('db-seed.ts', { DATABASE_URL: url });
    const server = await startProductionServer({
      env: { DATABASE_URL: url, WEB_CONCURRENCY: '2' },
    });
    const listening = () =>
      server.lines().filter((line) => line.msg.startsWith('Adhere: listening on'));
    await expect.poll(() => listening().length, { timeout: 60_000 }).toBe(2);

    // Sign in once; then each request on a connection of its own (a new context), so the
    // primary hands them to the workers in turn.
    const signedIn = await playwright.request.newContext({ baseURL: server.base });
    const { csrfToken } = (await (await signedIn.get('/api/auth/csrf')).json()) as {
      csrfToken: string;
    };
    await signedIn.post('/api/auth/callback/credentials', {
      form: { csrfToken, email: DEMO.physio, password: DEMO_PASSWORD, json: 'true' },
    });
    const { cookies } = await signedIn.storageState();
    await signedIn.dispose();

    for (let i = 0; i < 8; i += 1) {
      const context = await playwright.request.newContext({
        baseURL: server.base,
        storageState: { cookies, origins: [] },
      });
      const page = await context.get('/physio', { maxRedirects: 0 });
      expect(page.status(), 'the caseload, signed in, on whichever worker answers').toBe(200);
      expect(await page.text()).toContain('Your patients');
      await context.dispose();
    }
    const pages = server
      .lines()
      .filter((line) => line.msg === 'request' && line.route === '/physio' && line.status === 200);
    expect(pages).toHaveLength(8);
    expect(new Set(pages.map((line) => line.pid)).size, 'both workers served pages').toBe(2);

    const ended = await server.stop('SIGTERM');
    expect(ended).toEqual({ code: 0, signal: null });
    const stopped = server.lines().filter((line) => line.msg === 'stopped');
    expect(new Set(stopped.map((line) => line.pid)).size, 'each worker stopped itself').toBe(2);
  } finally {
    cluster.destroy();
  }
});
