import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { APIRequestContext } from '@playwright/test';
import { runScript, startProductionServer } from '../support/production-server';
import { DEMO_PASSWORD, expect, test } from './fixtures';

// Demo patients with a programme whom nothing else in this server's database touches.
const PATIENTS = [3, 4, 5, 6, 7, 8].map((n) => `patient${String(n).padStart(2, '0')}@demo.test`);

interface Write {
  email: string;
  key: string;
  pain: number;
  note: string;
  sentAt: number;
  settledAt?: number;
  status?: number;
  error?: string;
}

async function signIn(context: APIRequestContext, email: string) {
  const { csrfToken } = (await (await context.get('/api/auth/csrf')).json()) as {
    csrfToken: string;
  };
  await context.post('/api/auth/callback/credentials', {
    form: { csrfToken, email, password: DEMO_PASSWORD, json: 'true' },
  });
  const session = (await (await context.get('/api/auth/session')).json()) as { claims?: unknown };
  expect(session.claims, `${email} is signed in`).toBeDefined();
}

test('SIGTERM during day-log writes: requests in flight finish, the server exits 0, and every acknowledged write is in the reopened embedded database', async ({
  playwright,
}) => {
  test.setTimeout(5 * 60_000);
  const folder = mkdtempSync(path.join(tmpdir(), 'adhere-shutdown-'));
  const dataDir = path.join(folder, 'pglite');
  try {
    const env = { PGLITE_DIR: dataDir, DATABASE_URL: '' };
    runScript('db-seed.ts', env);
    const server = await startProductionServer({ env });
    const today = new Date().toISOString().slice(0, 10);

    const contexts = await Promise.all(
      PATIENTS.map(() => playwright.request.newContext({ baseURL: server.base, timeout: 20_000 })),
    );
    await Promise.all(contexts.map((context, i) => signIn(context, PATIENTS[i]!)));

    // Each patient saves their day again and again, one save at a time, until the server is gone.
    const writes: Write[] = [];
    let signalledAt = 0;
    const writer = async (context: APIRequestContext, email: string) => {
      for (let n = 0; ; n += 1) {
        const write: Write = {
          email,
          key: randomUUID(),
          pain: n % 11,
          note: `save ${n} of ${email}`,
          sentAt: Date.now(),
        };
        writes.push(write);
        try {
          const response = await context.post('/api/patient/day-log', {
            data: {
              idempotencyKey: write.key,
              date: today,
              exercises: {},
              pain: write.pain,
              note: write.note,
            },
          });
          write.status = response.status();
        } catch (error) {
          write.error = (error as Error).message.split('\n')[0];
        }
        write.settledAt = Date.now();
        if (write.status !== 200) return;
      }
    };
    const writers = contexts.map((context, i) => writer(context, PATIENTS[i]!));

    await expect
      .poll(() => writes.filter((w) => w.status === 200).length, { timeout: 60_000 })
      .toBeGreaterThan(20);
    signalledAt = Date.now();
    const exited = server.stop('SIGTERM');
    const { code, signal } = await exited;
    await Promise.all(writers);
    await Promise.all(contexts.map((context) => context.dispose()));

    const acknowledged = writes.filter((w) => w.status === 200);
    const inFlight = writes.filter((w) => w.sentAt < signalledAt && w.settledAt! > signalledAt);
    const refused = writes.filter((w) => w.status !== 200);
    console.log(
      `${acknowledged.length} writes acknowledged, ${inFlight.length} in flight at SIGTERM ` +
        `(${inFlight.filter((w) => w.status === 200).length} of them acknowledged), ` +
        `${refused.length} refused after it`,
    );
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    // Requests the server had already accepted were finished, not cut off.
    expect(inFlight.length).toBeGreaterThan(0);
    expect(inFlight.filter((w) => w.status !== 200)).toEqual([]);
    // Writes that failed did so because the server had stopped listening, not with an error page.
    expect(refused.every((w) => w.status === undefined && w.sentAt >= signalledAt)).toBe(true);
    expect(server.lines()).toContainEqual(
      expect.objectContaining({ msg: 'shutting down', signal: 'SIGTERM' }),
    );
    expect(server.lines().at(-1)).toMatchObject({ msg: 'stopped', signal: 'SIGTERM' });

    // Closed cleanly: PGlite removes its pid file on close, and the lock is released.
    expect(existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false);
    expect(existsSync(`${dataDir}.lock`)).toBe(false);

    const db = new PGlite(dataDir);
    try {
      const keys = await db.query<{ email: string; key: string }>(
        `select u.email, k.key from idempotency_keys k join users u on u.id = k.user_id
         where k.operation = 'day_log'`,
      );
      const stored = new Set(keys.rows.map((r) => `${r.email} ${r.key}`));
      const missing = acknowledged.filter((w) => !stored.has(`${w.email} ${w.key}`));
      expect(missing).toEqual([]);

      const reports = await db.query<{ email: string; score: number; note: string }>(
        `select u.email, p.score, p.note from pain_reports p join users u on u.id = p.patient_id
         where p.reported_on = $1`,
        [today],
      );
      for (const email of PATIENTS) {
        const last = acknowledged.filter((w) => w.email === email).at(-1)!;
        expect(reports.rows.find((r) => r.email === email)).toEqual({
          email,
          score: last.pain,
          note: last.note,
        });
      }
    } finally {
      await db.close();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('a request sent over an idle keep-alive connection just after SIGTERM is answered, not reset', async () => {
  test.setTimeout(3 * 60_000);
  const folder = mkdtempSync(path.join(tmpdir(), 'adhere-shutdown-'));
  try {
    const env = { PGLITE_DIR: path.join(folder, 'pglite'), DATABASE_URL: '' };
    runScript('db-seed.ts', env);
    const server = await startProductionServer({ env });
    // One connection, kept open between requests, as a browser or a load balancer keeps it.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = (url: string) =>
      new Promise<{ status?: number; connection?: string; error?: string }>((resolve) => {
        http
          .get(`${server.base}${url}`, { agent }, (response) => {
            response.resume();
            response.on('end', () =>
              resolve({ status: response.statusCode, connection: response.headers.connection }),
            );
          })
          .on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code }));
      });
    try {
      expect(await get('/api/health')).toEqual({ status: 200, connection: 'keep-alive' });
      // The connection is idle now. The signal arrives, and then the next request over it.
      const exited = server.stop('SIGTERM');
      await expect
        .poll(() => server.lines().some((line) => line.msg === 'shutting down'), {
          intervals: [10],
        })
        .toBe(true);
      expect(await get('/api/health')).toEqual({ status: 200, connection: 'close' });
      expect(await exited).toEqual({ code: 0, signal: null });
    } finally {
      agent.destroy();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
