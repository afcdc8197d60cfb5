import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { signInWithPassword } from '@/db/queries/auth';
import { createExercise } from '@/db/queries/exercises';
import { RETENTION, pruneExpiredRecords, scheduleRetention } from '@/db/retention';
import { rowsOf } from '@/db/metrics';
import {
  exercises,
  idempotencyKeys,
  reminderSends,
  setPasswordAttempts,
  signInAttempts,
} from '@/db/schema';
import { THROTTLE_WINDOW_MINUTES } from '@/lib/sign-in-throttle';
import { setupTestDatabase } from './helpers/database';
import { PASSWORD, createUser } from './helpers/fixtures';

const HASH = (c: string) => c.repeat(64);
const onPostgres = process.env.ADHERE_TEST_DRIVER === 'postgres';

describe('Security finding 12: attempts and idempotency keys are pruned once past their use', () => {
  const db = setupTestDatabase();

  afterEach(() => {
    vi.useRealTimers();
  });

  async function clear() {
    await db()
      .delete(signInAttempts)
      .where(sql`true`);
    await db()
      .delete(setPasswordAttempts)
      .where(sql`true`);
  }

  async function attemptsAged(minutes: number, label: string) {
    await db()
      .insert(signInAttempts)
      .values({
        email: `${label}@clinic.test`,
        ip: '10.50.0.1',
        succeeded: false,
        attemptedAt: sql`now() - make_interval(mins => ${minutes})`,
      });
    await db()
      .insert(setPasswordAttempts)
      .values({
        tokenHash: HASH(label.startsWith('old') ? 'a' : 'b'),
        ip: '10.50.0.1',
        outcome: 'unknown',
        attemptedAt: sql`now() - make_interval(mins => ${minutes})`,
      });
  }

  it('keeps attempts for longer than the throttle window', () => {
    expect(RETENTION.attemptsMinutes).toBeGreaterThan(THROTTLE_WINDOW_MINUTES);
    expect(RETENTION.idempotencyKeysDays).toBe(30);
  });

  it('deletes attempts older than the window and its margin, and keeps the recent ones', async () => {
    await clear();
    await attemptsAged(RETENTION.attemptsMinutes + 5, 'old');
    await attemptsAged(3 * 24 * 60, 'old-er');
    await attemptsAged(10, 'recent');
    await attemptsAged(RETENTION.attemptsMinutes - 5, 'recent-margin');

    const result = await pruneExpiredRecords();
    expect(result).toMatchObject({ ran: true, signInAttempts: 2, setPasswordAttempts: 2 });
    const left = await db().select({ email: signInAttempts.email }).from(signInAttempts);
    expect(left.map((r) => r.email).sort()).toEqual([
      'recent-margin@clinic.test',
      'recent@clinic.test',
    ]);
    expect(await db().select().from(setPasswordAttempts)).toHaveLength(2);
  });

  it('leaves throttling as it was: recent failures still count after pruning', async () => {
    const physio = await createUser(db(), { role: 'physio' });
    await db()
      .insert(signInAttempts)
      .values(
        Array.from({ length: 8 }, () => ({
          email: physio.email,
          ip: '10.51.0.1',
          succeeded: false,
        })),
      );
    await pruneExpiredRecords();
    expect(
      await signInWithPassword({ email: physio.email, password: PASSWORD, ip: '10.51.0.2' }),
    ).toMatchObject({ ok: false, reason: 'throttled' });
  });

  it('deletes idempotency keys after 30 days; a recent replay still returns its first result', async () => {
    const physio = await createUser(db(), { role: 'physio' });
    const exercise = {
      name: 'Retained knee hug',
      bodyRegion: 'lower_back' as const,
      instructions: 'Hug one knee to the chest, then the other.',
      defaultSets: 2,
      defaultReps: 8,
      defaultHoldSeconds: null,
      mediaUrl: null,
    };
    const oldKey = `old-${randomUUID()}`;
    const recentKey = `recent-${randomUUID()}`;
    const first = await createExercise(physio, exercise, { idempotencyKey: recentKey });
    if (!first.ok) throw new Error('not created');
    await createExercise(physio, { ...exercise, name: 'Long ago' }, { idempotencyKey: oldKey });
    await db()
      .update(idempotencyKeys)
      .set({ createdAt: sql`now() - interval '31 days'` })
      .where(eq(idempotencyKeys.key, oldKey));
    await db()
      .update(idempotencyKeys)
      .set({ createdAt: sql`now() - interval '29 days'` })
      .where(eq(idempotencyKeys.key, recentKey));

    const result = await pruneExpiredRecords();
    expect(result).toMatchObject({ ran: true, idempotencyKeys: 1 });
    const keys = await db()
      .select({ key: idempotencyKeys.key })
      .from(idempotencyKeys)
      .where(eq(idempotencyKeys.userId, physio.id));
    expect(keys.map((k) => k.key)).toEqual([recentKey]);

    expect(await createExercise(physio, exercise, { idempotencyKey: recentKey })).toEqual(first);
    const copies = await db()
      .select()
      .from(exercises)
      .where(and(eq(exercises.authorId, physio.id), eq(exercises.name, exercise.name)));
    expect(copies).toHaveLength(1);
  });

  it('deletes reminder records after 30 days and keeps the recent ones', async () => {
    const patient = await createUser(db(), { role: 'patient' });
    const daysAgo = (n: number) => sql`current_date - ${n}::int`;
    for (const [days, kind] of [
      [31, 'daily'],
      [29, 'daily'],
      [29, 'evening'],
    ] as const) {
      await db()
        .insert(reminderSends)
        .values({
          patientId: patient.id,
          onDate: daysAgo(days),
          kind,
          channel: 'email',
          status: 'sent',
          sentAt: sql`now()`,
        });
    }
    const result = await pruneExpiredRecords();
    expect(result).toMatchObject({ ran: true, reminderSends: 1 });
    const left = await db()
      .select({ kind: reminderSends.kind })
      .from(reminderSends)
      .where(eq(reminderSends.patientId, patient.id));
    expect(left.map((r) => r.kind).sort()).toEqual(['daily', 'evening']);
  });

  it('has an index for every delete, so pruning never scans a whole table', async () => {
    const indexes = rowsOf<{ indexname: string; indexdef: string }>(
      await db().execute(
        sql`select indexname, indexdef from pg_indexes where tablename in ('sign_in_attempts', 'set_password_attempts', 'idempotency_keys', 'reminder_sends')`,
      ),
    );
    const leading = (table: string, column: string) =>
      indexes.some((i) => i.indexdef.includes(`ON public.${table} USING btree (${column})`));
    expect(leading('sign_in_attempts', 'attempted_at')).toBe(true);
    expect(leading('set_password_attempts', 'attempted_at')).toBe(true);
    expect(leading('idempotency_keys', 'created_at')).toBe(true);
    expect(leading('reminder_sends', 'on_date')).toBe(true);
  });

  it('runs at start and then every day, once per process', async () => {
    vi.useFakeTimers({ toFake: ['setInterval'] });
    await clear();
    await attemptsAged(RETENTION.attemptsMinutes + 60, 'old-start');
    const remaining = async () => (await db().select().from(signInAttempts)).length;

    scheduleRetention();
    scheduleRetention();
    expect(vi.getTimerCount()).toBe(1);
    await vi.waitFor(async () => expect(await remaining()).toBe(0), { timeout: 10_000 });

    await attemptsAged(RETENTION.attemptsMinutes + 60, 'old-next-day');
    vi.advanceTimersByTime(RETENTION.runEveryHours * 60 * 60 * 1000);
    await vi.waitFor(async () => expect(await remaining()).toBe(0), { timeout: 10_000 });
  });

  it.runIf(onPostgres)('skips while another app server is pruning (advisory lock)', async () => {
    await clear();
    await attemptsAged(RETENTION.attemptsMinutes + 60, 'old-locked');
    await db().transaction(async (tx) => {
      // Another server's transaction holds the lock; this one (another connection) must skip.
      await tx.execute(sql`select pg_advisory_xact_lock(${0x4164_0005}::int, hashtext('prune'))`);
      expect(await pruneExpiredRecords()).toEqual({
        ran: false,
        signInAttempts: 0,
        setPasswordAttempts: 0,
        idempotencyKeys: 0,
        fhirExports: 0,
        reminderSends: 0,
      });
    });
    expect(await db().select().from(signInAttempts)).toHaveLength(1);
    const [a, b] = await Promise.all([pruneExpiredRecords(), pruneExpiredRecords()]);
    expect([a.ran, b.ran].filter(Boolean).length).toBeGreaterThanOrEqual(1);
    expect(a.signInAttempts + b.signInAttempts).toBe(1);
  });
});
