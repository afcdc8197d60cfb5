import { postgresServerBin, startPostgresCluster } from '../support/postgres-cluster';
import { runScript, startProductionServer } from '../support/production-server';
import { DEMO, DEMO_PASSWORD, expect, test } from './fixtures';

// Needs PostgreSQL's server programs to run a cluster of its own; CI has them and must run it.
test.skip(
  !postgresServerBin() && !process.env.CI,
  'no PostgreSQL server programs in /usr/lib/postgresql/*/bin',
);

test('WEB_CONCURRENCY=2: two worker processes answer on one port, a session signed in on one is good on the other, and SIGTERM stops both cleanly', async ({
  playwright,
}) => {
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
