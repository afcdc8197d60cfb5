import {
  type PostgresCluster,
  postgresServerBin,
  startPostgresCluster,
} from '../support/postgres-cluster';
import {
  type LogLine,
  type ProductionServer,
  runScript,
  startProductionServer,
} from '../support/production-server';
import { DEMO, LoginPage, expect, test } from './fixtures';

// Needs PostgreSQL's server programs to run a cluster of its own; CI has them and must run it.
test.skip(
  !postgresServerBin() && !process.env.CI,
  'no PostgreSQL server programs in /usr/lib/postgresql/*/bin',
);

test.describe('readiness and the calm error page follow the database', () => {
  test.describe.configure({ mode: 'serial' });
  let cluster: PostgresCluster;
  let server: ProductionServer;

  test.beforeAll(async () => {
    test.setTimeout(5 * 60_000);
    cluster = await startPostgresCluster();
    const url = await cluster.createDatabase('adhere');
    runScript('db-migrate.ts', { DATABASE_URL: url });
    runScript('db-seed.ts', { DATABASE_URL: url });
    server = await startProductionServer({ env: { DATABASE_URL: url } });
  });

  test.afterAll(async () => {
    await server?.stop();
    cluster?.destroy();
  });

  test('503 while PostgreSQL is stopped, 200 once it is back, the same server process throughout', async ({
    page,
    request,
  }) => {
    test.setTimeout(3 * 60_000);
    const ready = () => request.get(`${server.base}/api/ready`);
    const pid = server.process.pid;

    const before = await ready();
    expect(before.status()).toBe(200);
    expect(await before.json()).toEqual({ status: 'ready' });

    const login = new LoginPage(page);
    await login.goto(`${server.base}/login`);
    await login.signIn(DEMO.physio);
    await expect(page.getByRole('heading', { level: 1, name: 'Your patients' })).toBeVisible();

    cluster.stop();

    // Fails fast with the reason and nothing else; liveness is not the database's business.
    const asked = Date.now();
    const down = await ready();
    const seconds = (Date.now() - asked) / 1000;
    console.log(
      `/api/ready with the database stopped: ${down.status()} in ${seconds.toFixed(2)} s`,
    );
    expect(down.status()).toBe(503);
    expect(down.headers()['cache-control']).toBe('no-store');
    expect(await down.json()).toEqual({ status: 'unavailable', reason: 'database unreachable' });
    expect(seconds).toBeLessThan(10);
    expect((await request.get(`${server.base}/api/health`)).status()).toBe(200);

    // A page that needs the database shows the calm error with a reference to quote, and that
    // reference is in the server's log with the request's id.
    const response = await page.goto(`${server.base}/physio`);
    await expect(
      page.getByRole('heading', { name: 'This page could not be loaded' }),
    ).toBeVisible();
    const reference = await page
      .getByText(/quote this reference/)
      .locator('code')
      .textContent();
    expect(reference).toMatch(/^\w+$/);
    const requestId = response?.headers()['x-request-id'];
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    await expect
      .poll(() => server.lines().filter((line) => line.digest === reference))
      .toContainEqual(expect.objectContaining({ level: 'error', requestId, routePath: '/physio' }));
    const failure = server.lines().find((line) => line.digest === reference) as LogLine;
    expect(failure.err).toMatchObject({ type: expect.any(String), message: expect.any(String) });
    await expect(page.getByText(/ECONNREFUSED|postgres|stack/i)).toHaveCount(0);
    expect(server.lines()).toContainEqual(
      expect.objectContaining({ msg: 'request', requestId, method: 'GET', route: '/physio' }),
    );

    cluster.start();
    await expect.poll(async () => (await ready()).status(), { timeout: 30_000 }).toBe(200);
    await page.goto(`${server.base}/physio`);
    await expect(page.getByRole('heading', { level: 1, name: 'Your patients' })).toBeVisible();
    expect(server.process.pid).toBe(pid);
    expect(server.process.exitCode).toBeNull();
  });
});
