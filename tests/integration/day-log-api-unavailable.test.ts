import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type * as ClientModule from '@/db/client';
import type { Actor } from '@/db/queries/actor';
import { painReports } from '@/db/schema';
import { setupTestDatabase } from './helpers/database';
import { createPatient, createUser } from './helpers/fixtures';

const { TODAY, state } = vi.hoisted(() => ({
  TODAY: '2026-11-25',
  state: { actor: null as Actor | null, databaseAway: false },
}));
vi.mock('@/app/(auth)/session', () => ({
  getCurrentUser: async () => state.actor,
  deniedResponse: async (_request: Request, _actor: unknown, response: Response) => response,
}));
vi.mock('@/lib/clinic-today', () => ({ clinicToday: () => TODAY }));
// The session was checked; then the database goes away before the save reaches it, as
// postgres.js reports a server that refuses connections.
vi.mock('@/db/client', async (importOriginal) => {
  const original = await importOriginal<typeof ClientModule>();
  return {
    ...original,
    getDb: async () => {
      if (state.databaseAway) {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
          code: 'ECONNREFUSED',
        });
      }
      return original.getDb();
    },
  };
});
const { POST } = await import('@/app/api/patient/day-log/route');

const post = (body: unknown) =>
  POST(
    new NextRequest('http://127.0.0.1/api/patient/day-log', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );

describe('the JSON day log while the database is away', () => {
  const db = setupTestDatabase();
  let patient: Actor;

  beforeAll(async () => {
    patient = await createPatient(db(), await createUser(db(), { role: 'physio' }));
    state.actor = patient;
  });

  it('answers 503 with Retry-After and nothing of the error; the same key saves once later', async () => {
    const save = { idempotencyKey: randomUUID(), date: TODAY, pain: 6, note: 'kept on the phone' };

    state.databaseAway = true;
    const away = await post(save);
    expect(away.status).toBe(503);
    expect(away.headers.get('retry-after')).toBe('5');
    const body = await away.text();
    expect(JSON.parse(body)).toEqual({
      message: 'Something went wrong and nothing was saved. Please try again.',
    });
    expect(body).not.toMatch(/ECONNREFUSED|5432/);

    // Back: the phone sends the same save again and it is stored, once.
    state.databaseAway = false;
    const back = await post(save);
    expect(back.status).toBe(200);
    expect((await back.json()).saved).toMatchObject({ painScore: 6, replayed: false });
    const again = await post(save);
    expect((await again.json()).saved).toMatchObject({ painScore: 6, replayed: true });
    const rows = await db()
      .select({ score: painReports.score })
      .from(painReports)
      .where(eq(painReports.patientId, patient.id));
    expect(rows).toEqual([{ score: 6 }]);
  });
});
