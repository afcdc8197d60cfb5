import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
// @ts-expect-error -- Next's own copy of the `compression` middleware comes without types.
import compression from 'next/dist/compiled/compression';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Actor } from '@/db/queries/actor';
import { exercises, routineItems, routines } from '@/db/schema';
import { setupTestDatabase } from './helpers/database';
import { createPatient, createUser } from './helpers/fixtures';

const { TODAY, state } = vi.hoisted(() => ({
  TODAY: '2026-11-25',
  state: { actor: null as Actor | null },
}));
vi.mock('@/app/(auth)/session', () => ({
  getCurrentUser: async () => state.actor,
  deniedResponse: async (_request: Request, _actor: unknown, response: Response) => response,
}));
vi.mock('@/lib/clinic-today', () => ({ clinicToday: () => TODAY }));
const { POST } = await import('@/app/api/patient/day-log/route');

/**
 * Sends a route handler's answer through the gzip that `next start` (and scripts/server.mjs,
 * through Next's handler) puts in front of every response, to a client that accepts gzip, as a
 * phone's browser does. Returns the encoding it arrived in and its size on the wire.
 */
async function throughNextCompression(answer: Response) {
  const gzip = (compression as () => (req: unknown, res: unknown, next: () => void) => void)();
  const server = createServer((req, res) => {
    gzip(req, res, () => {
      res.statusCode = answer.status;
      answer.headers.forEach((value, name) => res.setHeader(name, value));
      Readable.fromWeb(answer.body! as never).pipe(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const received = await new Promise<IncomingMessage>((resolve, reject) =>
      httpRequest({ port, host: '127.0.0.1', headers: { 'accept-encoding': 'gzip' } }, resolve)
        .on('error', reject)
        .end(),
    );
    let bytes = 0;
    for await (const chunk of received) bytes += (chunk as Buffer).length;
    return { encoding: received.headers['content-encoding'] ?? null, bytes };
  } finally {
    server.close();
  }
}

describe("the JSON day log's answer", () => {
  const db = setupTestDatabase();
  let items: { id: string; exerciseId: string }[] = [];

  beforeAll(async () => {
    const physio = await createUser(db(), { role: 'physio' });
    state.actor = await createPatient(db(), physio);
    const made = await db()
      .insert(exercises)
      .values(
        Array.from({ length: 8 }, (_, i) => ({
          name: `Exercise with a long enough name ${i}`,
          bodyRegion: 'core' as const,
          instructions: '1. Breathe.',
          defaultSets: 1,
          defaultReps: 5,
          authorId: physio.id,
        })),
      )
      .returning({ id: exercises.id });
    const [routine] = await db()
      .insert(routines)
      .values({ patientId: state.actor.id, createdBy: physio.id, title: 'A', startDate: TODAY })
      .returning({ id: routines.id });
    items = await db()
      .insert(routineItems)
      .values(
        made.map((exercise, position) => ({
          routineId: routine!.id,
          exerciseId: exercise.id,
          position,
          sets: 1,
          reps: 5,
        })),
      )
      .returning({ id: routineItems.id, exerciseId: routineItems.exerciseId });
  });

  it('is not gzipped by the server: too small to be worth the CPU of every save', async () => {
    const answer = await POST(
      new NextRequest('http://127.0.0.1/api/patient/day-log', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          idempotencyKey: randomUUID(),
          date: TODAY,
          exercises: Object.fromEntries(
            items.map((item) => [item.id, { exerciseId: item.exerciseId, change: 1 }]),
          ),
          pain: 3,
        }),
      }),
    );
    expect(answer.status).toBe(200);
    const sent = await throughNextCompression(answer);
    // Over the kilobyte below which the server would not have compressed it anyway.
    expect(sent.bytes).toBeGreaterThan(1024);
    expect(sent.encoding).toBeNull();
  });
});
