import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  type LogLine,
  type ProductionServer,
  runScript,
  startProductionServer,
} from '../support/production-server';
import { DEMO, LoginPage, expect, test } from './fixtures';

// What a request line may hold, and nothing else.
const REQUEST_FIELDS = [
  'level',
  'time',
  'pid',
  'msg',
  'requestId',
  'method',
  'route',
  'status',
  'durationMs',
];

test.describe('the production server’s log', () => {
  test.describe.configure({ mode: 'serial' });
  let folder: string;
  let server: ProductionServer;

  test.beforeAll(async () => {
    test.setTimeout(5 * 60_000);
    folder = mkdtempSync(path.join(tmpdir(), 'adhere-logs-'));
    const env = { PGLITE_DIR: path.join(folder, 'pglite'), DATABASE_URL: '' };
    runScript('db-seed.ts', env);
    server = await startProductionServer({ env });
  });

  test.afterAll(async () => {
    await server?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  test('one JSON line per request with its id, echoed in X-Request-Id; a client cannot choose the id', async ({
    request,
  }) => {
    const response = await request.get(`${server.base}/login?email=someone@example.org`, {
      headers: { 'X-Request-Id': 'chosen-by-the-client-123' },
    });
    const id = response.headers()['x-request-id'];
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    await expect.poll(() => server.lines().filter((l) => l.requestId === id)).toHaveLength(1);
    const line = server.lines().find((l) => l.requestId === id)!;
    expect(line).toMatchObject({
      level: 'info',
      msg: 'request',
      method: 'GET',
      route: '/login',
      status: 200,
    });
    expect(line.durationMs).toEqual(expect.any(Number));
    expect(Object.keys(line).sort()).toEqual([...REQUEST_FIELDS].sort());
    expect(JSON.stringify(server.lines())).not.toContain('someone@example.org');
    expect(JSON.stringify(server.lines())).not.toContain('chosen-by-the-client');
  });

  test('a set-password, a sign-in and a day-log save leave no password, token, name, email, note or pain score in it', async ({
    browser,
  }) => {
    test.setTimeout(3 * 60_000);
    const marker = randomBytes(4).toString('hex');
    const password = `harbour lantern ${marker} quietly`;
    const note = `Twinge after the school run ${marker}`;
    const email = 'patient12@demo.test';

    // The admin issues a new set-password link for a demo patient with a programme.
    const admin = await browser.newPage();
    const adminLogin = new LoginPage(admin);
    await adminLogin.goto(`${server.base}/login`);
    await adminLogin.signIn(DEMO.admin);
    await expect(admin).not.toHaveURL(/\/login/);
    await admin.goto(`${server.base}/admin`);
    await admin.getByLabel('Search name or email').fill(email);
    await admin.getByRole('button', { name: 'Apply' }).click();
    await admin.getByRole('table').getByRole('link').first().click();
    const name = (await admin.getByRole('heading', { level: 1 }).textContent())!.trim();
    await admin.getByRole('button', { name: 'New set-password link' }).click();
    const link = await admin.getByLabel('Set-password link').inputValue();
    const token = link.split('/set-password/')[1]!;
    expect(token.length).toBeGreaterThan(30);

    // The patient sets a password with it (which signs them in)…
    const patient = await (await browser.newContext()).newPage();
    await patient.goto(link);
    await patient.getByLabel('New password').fill(password);
    await patient.getByLabel('Repeat the password').fill(password);
    await patient.getByRole('button', { name: 'Save password and sign in' }).click();
    await expect(patient.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();

    // …signs in again with it elsewhere, and saves the day with a pain score and a note.
    const phone = await (await browser.newContext()).newPage();
    const phoneLogin = new LoginPage(phone);
    await phoneLogin.goto(`${server.base}/login`);
    await phoneLogin.signIn(email, password);
    await expect(phone.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();
    await phone
      .locator('label')
      .filter({ has: phone.getByRole('radio', { name: '7', exact: true }) })
      .click();
    await phone.getByLabel(/Note for your physiotherapist/).fill(note);
    await phone.getByRole('button', { name: 'Save' }).click();
    await expect(phone.getByText(/^Saved: .*pain 7 out of 10\.$/)).toBeVisible();

    // A request's line is written when its answer has finished, which can be a moment after the
    // page already shows what the answer streamed: wait for the flows' lines, then read the log.
    const routes = () =>
      server
        .lines()
        .filter((l) => l.msg === 'request')
        .map((l) => `${l.method} ${l.route}`);
    await expect
      .poll(routes, { timeout: 10_000 })
      .toEqual(
        expect.arrayContaining([
          'GET /set-password/[token]',
          'POST /set-password/[token]',
          'POST /api/auth/[...nextauth]',
          'POST /patient',
        ]),
      );
    const lines = server.lines();
    const text = server.output();
    // Every line is JSON, and the flows above are in it, named by route pattern.
    expect(lines.filter((l) => l.level === 'raw')).toEqual([]);
    for (const secret of [password, token, note, marker, name, email]) {
      expect(text, `the log holds ${secret}`).not.toContain(secret);
    }
    // No line has a field for clinical or personal data, at any depth.
    expect(text).not.toMatch(
      /"(pain\w*|note|email|name|password|token|body|query|params|detail)"\s*:/i,
    );
    // (`aborted` marks a request the browser gave up on, such as a cancelled prefetch.)
    for (const line of lines.filter((l: LogLine) => l.msg === 'request')) {
      expect(
        Object.keys(line).filter((key) => ![...REQUEST_FIELDS, 'aborted'].includes(key)),
      ).toEqual([]);
    }
  });
});
