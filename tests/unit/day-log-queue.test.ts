import { describe, expect, it } from 'vitest';
import type { SavedDay } from '@/lib/day-log';
import {
  DayLogQueue,
  memoryStore,
  queuedSaveBody,
  sendQueuedSave,
  type QueuedSave,
  type SendOutcome,
} from '@/lib/offline/day-log-queue';

const PATIENT = 'patient-1';
const ITEM = '11111111-1111-4111-8111-111111111111';
const EXERCISE = '22222222-2222-4222-8222-222222222222';

const save = (key: string, more: Partial<QueuedSave> = {}): QueuedSave => ({
  key,
  owner: PATIENT,
  date: '2026-11-25',
  changes: { exercises: {} },
  queuedAt: 0,
  ...more,
});

const savedDay = (painScore: number | null): SavedDay => ({
  date: '2026-11-25',
  sessionsDone: 0,
  painScore,
  items: [],
  programmeChanged: null,
  replayed: false,
});

/** A server that keeps the first answer per key, as the day-log endpoint does. */
function fakeServer() {
  const answers = new Map<string, SendOutcome>();
  const received: string[] = [];
  return {
    received,
    async send(s: QueuedSave): Promise<SendOutcome> {
      received.push(s.key);
      const first = answers.get(s.key);
      if (first?.kind === 'sent') return { ...first, saved: { ...first.saved, replayed: true } };
      const answer: SendOutcome = {
        kind: 'sent',
        saved: savedDay(s.changes.pain ?? null),
        message: 'Saved.',
      };
      answers.set(s.key, answer);
      return answer;
    },
  };
}

describe('the offline day-log queue', () => {
  it('sends saves in the order they were made and empties itself', async () => {
    const queue = new DayLogQueue(memoryStore());
    for (const key of ['c', 'a', 'b']) await queue.add(save(key));
    const server = fakeServer();
    const report = await queue.flush(PATIENT, (s) => server.send(s));
    expect(server.received).toEqual(['c', 'a', 'b']);
    expect(report.sent.map((s) => s.save.key)).toEqual(['c', 'a', 'b']);
    expect(report).toMatchObject({ waiting: 0, stopped: null });
    expect(await queue.waiting(PATIENT)).toEqual([]);
  });

  it('keeps a key once: the same save added twice is one entry, the first', async () => {
    const queue = new DayLogQueue(memoryStore());
    expect(await queue.add(save('k', { changes: { exercises: {}, pain: 3 } }))).toBe(true);
    expect(await queue.add(save('k', { changes: { exercises: {}, pain: 9 } }))).toBe(false);
    const waiting = await queue.waiting(PATIENT);
    expect(waiting.map((s) => [s.key, s.changes.pain])).toEqual([['k', 3]]);
  });

  it('stops at a save that could not be sent, so nothing overtakes it, and keeps the rest', async () => {
    const queue = new DayLogQueue(memoryStore());
    for (const key of ['a', 'b', 'c']) await queue.add(save(key));
    const sent: string[] = [];
    const report = await queue.flush(PATIENT, async (s) => {
      if (s.key === 'b') return { kind: 'retry' };
      sent.push(s.key);
      return { kind: 'sent', saved: savedDay(null), message: 'Saved.' };
    });
    expect(sent).toEqual(['a']);
    expect(report).toMatchObject({ waiting: 2, stopped: 'retry' });
    expect((await queue.waiting(PATIENT)).map((s) => s.key)).toEqual(['b', 'c']);

    // A sender that throws (the network gone mid-flush) is a retry too.
    const thrown = await queue.flush(PATIENT, async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(thrown).toMatchObject({ waiting: 2, stopped: 'retry' });
  });

  it('drops a refused save (nothing was written) and goes on with the next', async () => {
    const queue = new DayLogQueue(memoryStore());
    await queue.add(save('old'));
    await queue.add(save('new'));
    const report = await queue.flush(PATIENT, async (s) =>
      s.key === 'old'
        ? { kind: 'refused', message: 'You can log for today and the 7 days before it.' }
        : { kind: 'sent', saved: savedDay(null), message: 'Saved.' },
    );
    expect(report.refused.map((r) => [r.save.key, r.message])).toEqual([
      ['old', 'You can log for today and the 7 days before it.'],
    ]);
    expect(report.sent.map((s) => s.save.key)).toEqual(['new']);
    expect(await queue.waiting(PATIENT)).toEqual([]);
  });

  it('keeps everything when the session has ended, for after signing in again', async () => {
    const queue = new DayLogQueue(memoryStore());
    await queue.add(save('a'));
    const report = await queue.flush(PATIENT, async () => ({ kind: 'signedOut' }));
    expect(report).toMatchObject({ stopped: 'signedOut', waiting: 1 });
    expect(await queue.waiting(PATIENT)).toHaveLength(1);
  });

  it('flushed twice at once, sends each save once; flushed again from a copy, changes nothing', async () => {
    const queue = new DayLogQueue(memoryStore());
    await queue.add(save('a', { changes: { exercises: {}, pain: 4 } }));
    await queue.add(save('b', { changes: { exercises: {}, pain: 5 } }));
    const server = fakeServer();
    const [first, second] = await Promise.all([
      queue.flush(PATIENT, (s) => server.send(s)),
      queue.flush(PATIENT, (s) => server.send(s)),
    ]);
    expect(second).toBe(first);
    expect(server.received).toEqual(['a', 'b']);

    // Another tab kept its own copy of the same saves and sends them: the server answers each
    // key with its first result.
    const copy = new DayLogQueue(memoryStore());
    await copy.add(save('a', { changes: { exercises: {}, pain: 4 } }));
    await copy.add(save('b', { changes: { exercises: {}, pain: 5 } }));
    const again = await copy.flush(PATIENT, (s) => server.send(s));
    expect(again.sent.map((s) => s.saved.replayed)).toEqual([true, true]);
  });

  it('sends only its own patient’s saves, drops another account’s, and clears at sign-out', async () => {
    const queue = new DayLogQueue(memoryStore());
    await queue.add(save('mine'));
    await queue.add(save('theirs', { owner: 'patient-2' }));
    const server = fakeServer();
    await queue.flush(PATIENT, (s) => server.send(s));
    expect(server.received).toEqual(['mine']);
    await queue.keepOnly(PATIENT);
    expect(await queue.waiting('patient-2')).toEqual([]);

    await queue.add(save('later'));
    await queue.clear();
    expect(await queue.waiting(PATIENT)).toEqual([]);
  });
});

describe('sending a queued save to the day-log endpoint', () => {
  const answering =
    (status: number, body: unknown): typeof fetch =>
    async () =>
      new Response(JSON.stringify(body), { status });

  it('posts the save as the endpoint takes it, with its own key', async () => {
    const queued = save('k', {
      changes: {
        exercises: { [ITEM]: { exerciseId: EXERCISE, exerciseName: 'Bird dog', change: 1 } },
        pain: 0,
        note: '',
      },
    });
    let sent: { url: string; init?: RequestInit } | null = null;
    await sendQueuedSave(queued, async (url, init) => {
      sent = { url: String(url), init };
      return new Response(JSON.stringify({ message: 'Saved.', saved: savedDay(0) }));
    });
    expect(sent!.url).toBe('/api/patient/day-log');
    expect(JSON.parse(String(sent!.init?.body))).toEqual({
      idempotencyKey: 'k',
      date: '2026-11-25',
      exercises: { [ITEM]: { exerciseId: EXERCISE, change: 1 } },
      pain: 0,
      note: '',
    });
    // Unchanged fields are left out (the pain score and the note stay as they are on the server).
    expect(queuedSaveBody(save('k'))).toEqual({
      idempotencyKey: 'k',
      date: '2026-11-25',
      exercises: {},
    });
  });

  it('reads each answer: sent, refused, try again, signed out', async () => {
    const s = save('k');
    expect(
      await sendQueuedSave(s, answering(200, { message: 'Saved: 1 done.', saved: savedDay(2) })),
    ).toEqual({ kind: 'sent', saved: savedDay(2), message: 'Saved: 1 done.' });
    expect(await sendQueuedSave(s, answering(422, { message: 'Please check.' }))).toEqual({
      kind: 'refused',
      message: 'Please check.',
    });
    expect(await sendQueuedSave(s, answering(503, { message: 'Try again.' }))).toEqual({
      kind: 'retry',
    });
    expect(await sendQueuedSave(s, answering(502, 'bad gateway'))).toEqual({ kind: 'retry' });
    expect(await sendQueuedSave(s, answering(401, { message: 'Sign in.' }))).toEqual({
      kind: 'signedOut',
    });
    expect(
      await sendQueuedSave(s, async () => {
        throw new TypeError('Failed to fetch');
      }),
    ).toEqual({ kind: 'retry' });
  });
});
