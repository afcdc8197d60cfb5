import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Actor } from '@/db/queries/actor';
import { painReports } from '@/db/schema';
import { DRAIN_LIMIT } from '@/lib/request-body';
import { setupTestDatabase } from './helpers/database';
import { createPatient, createUser } from './helpers/fixtures';

const { TODAY, session } = vi.hoisted(() => ({
  TODAY: '2026-11-25',
  session: { actor: null as Actor | null },
}));
// The route handler as the server runs it, with the signed-in user and the clinic's day given.
vi.mock('@/app/(auth)/session', () => ({
  getCurrentUser: async () => session.actor,
  // The denial is audited by the real module; here only the answer matters.
  deniedResponse: async (_request: Request, _actor: unknown, response: Response) => response,
}));
vi.mock('@/lib/clinic-today', () => ({ clinicToday: () => TODAY }));
const { POST } = await import('@/app/api/patient/day-log/route');

const LIMIT = 32 * 1024;
const TOO_LARGE = { message: 'This request is too large: a day log is at most 32 kB.' };

/** A body that arrives in 1 kB pieces, made only as the reader pulls them; counts the pulls. */
function streamed(text: string) {
  const bytes = new TextEncoder().encode(text);
  const read = { pulls: 0 };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const start = read.pulls * 1024;
        read.pulls++;
        if (start >= bytes.length) controller.close();
        else controller.enqueue(bytes.slice(start, start + 1024));
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, read };
}

function post(body: BodyInit, headers: Record<string, string> = {}) {
  return POST(
    new NextRequest('http://127.0.0.1/api/patient/day-log', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      // A streamed body needs `duplex` (Node's fetch), which the DOM's RequestInit does not name.
      duplex: 'half',
    } as ConstructorParameters<typeof NextRequest>[1]),
  );
}

describe('Security finding 11: the JSON day-log endpoint refuses large bodies', () => {
  const db = setupTestDatabase();
  let patient: Actor;

  beforeAll(async () => {
    patient = await createPatient(db(), await createUser(db(), { role: 'physio' }));
  });
  beforeEach(() => {
    session.actor = patient;
  });

  /** A valid save with a pain score, padded with a field the schema ignores. */
  const save = (padding: string) =>
    JSON.stringify({ idempotencyKey: randomUUID(), date: TODAY, pain: 7, padding });

  const painScores = async () =>
    (
      await db()
        .select({ score: painReports.score })
        .from(painReports)
        .where(eq(painReports.patientId, patient.id))
    ).map((r) => r.score);

  it('refuses a stated Content-Length over 32 kB with 413 without reading the body', async () => {
    const { stream, read } = streamed(save('x'.repeat(LIMIT)));
    const response = await post(stream, { 'content-length': String(LIMIT + 100) });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual(TOO_LARGE);
    expect(read.pulls).toBe(0);
    // Before the session is even looked at: a stranger cannot make it read either.
    session.actor = null;
    expect((await post('{}', { 'content-length': String(10 * LIMIT) })).status).toBe(413);
  });

  it('counts a body sent without a length, refuses it past 32 kB and never reads it all', async () => {
    const { stream, read } = streamed(save('x'.repeat(8 * 1024 * 1024)));
    const response = await post(stream);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual(TOO_LARGE);
    // Past the limit the rest is only drained for a while, so that the client can read the 413;
    // of 8 MB, at most the limit and the drain are read, and nothing past the limit is kept.
    expect(read.pulls * 1024).toBeLessThanOrEqual(LIMIT + DRAIN_LIMIT.bytes + 2 * 1024);
    expect(await painScores()).toEqual([]);
  });

  it('counts bytes, not characters', async () => {
    // 17,000 characters of two bytes each: under the limit in characters, over it in bytes.
    const response = await post(streamed(save('é'.repeat(17_000))).stream);
    expect(response.status).toBe(413);
    expect(await painScores()).toEqual([]);
  });

  it('does not read a signed-out client’s body at all', async () => {
    session.actor = null;
    const { stream, read } = streamed(save('x'.repeat(1024 * 1024)));
    expect((await post(stream)).status).toBe(401);
    expect(read.pulls).toBe(0);
  });

  it('still saves a day log of ordinary size, streamed or not', async () => {
    const streamedSave = await post(streamed(save('x'.repeat(LIMIT - 200))).stream);
    expect(streamedSave.status).toBe(200);
    expect(await streamedSave.json()).toMatchObject({ saved: { painScore: 7 } });
    const plain = await post(
      JSON.stringify({ idempotencyKey: randomUUID(), date: TODAY, pain: 2 }),
    );
    expect(plain.status).toBe(200);
    expect(await painScores()).toEqual([2]);
  });

  it('answers a broken JSON body within the limit with 400', async () => {
    const response = await post('{"idempotencyKey": ');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: 'The request body is not valid JSON.' });
  });
});
