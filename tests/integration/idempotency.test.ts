import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { invalid, ok } from '@/db/queries/actor';
import { KEY_ALREADY_USED, withIdempotency } from '@/db/queries/idempotency';
import { idempotencyKeys } from '@/db/schema';
import { newIdempotencyKey } from '@/lib/idempotency-key';
import { setupTestDatabase } from './helpers/database';
import { createUser } from './helpers/fixtures';

describe('withIdempotency: a write runs at most once per account and key', () => {
  const db = setupTestDatabase();
  const replayCount = (stored: unknown) =>
    typeof stored === 'object' && stored !== null && 'count' in stored
      ? { count: Number(stored.count), replayed: true }
      : null;

  async function keyed(
    actor: Awaited<ReturnType<typeof createUser>>,
    key: string | undefined,
    operation: string,
    run: () => Promise<ReturnType<typeof ok<{ count: number; replayed: boolean }>>>,
  ) {
    return db().transaction((tx) =>
      withIdempotency(
        tx,
        {
          actor,
          key,
          operation,
          record: ({ count }) => ({ count }),
          replay: replayCount,
        },
        run,
      ),
    );
  }

  it('runs once and answers a replay with the kept first result, without running again', async () => {
    const physio = await createUser(db(), { role: 'physio' });
    const key = newIdempotencyKey();
    let runs = 0;
    const run = async () => ok({ count: ++runs, replayed: false });
    expect(await keyed(physio, key, 'test.op', run)).toEqual(ok({ count: 1, replayed: false }));
    expect(await keyed(physio, key, 'test.op', run)).toEqual(ok({ count: 1, replayed: true }));
    expect(runs).toBe(1);
    const [row] = await db()
      .select({ result: idempotencyKeys.result })
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.userId, physio.id), eq(idempotencyKeys.key, key)));
    expect(row?.result).toEqual({ count: 1 });
  });

  it('keys are per account, and a key used for another operation is refused', async () => {
    const [a, b] = [
      await createUser(db(), { role: 'physio' }),
      await createUser(db(), { role: 'physio' }),
    ];
    const key = newIdempotencyKey();
    let runs = 0;
    const run = async () => ok({ count: ++runs, replayed: false });
    await keyed(a, key, 'test.op', run);
    expect(await keyed(b, key, 'test.op', run)).toEqual(ok({ count: 2, replayed: false }));
    expect(await keyed(a, key, 'test.other', run)).toEqual(invalid(KEY_ALREADY_USED));
    expect(runs).toBe(2);
  });

  it('releases the key on a refusal or an error, so the corrected form can be sent again', async () => {
    const physio = await createUser(db(), { role: 'physio' });
    const key = newIdempotencyKey();
    expect(await keyed(physio, key, 'test.op', async () => invalid('No.'))).toEqual(invalid('No.'));
    await expect(
      keyed(physio, key, 'test.op', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(
      await keyed(physio, key, 'test.op', async () => ok({ count: 7, replayed: false })),
    ).toEqual(ok({ count: 7, replayed: false }));
  });

  it('without a key, the write simply runs every time', async () => {
    const physio = await createUser(db(), { role: 'physio' });
    let runs = 0;
    const run = async () => ok({ count: ++runs, replayed: false });
    await keyed(physio, undefined, 'test.op', run);
    await keyed(physio, undefined, 'test.op', run);
    expect(runs).toBe(2);
  });
});

describe('newIdempotencyKey', () => {
  it('makes distinct UUIDs that the key schema accepts', async () => {
    const { idempotencyKeySchema } = await import('@/lib/validation/idempotency-key');
    const keys = new Set(Array.from({ length: 50 }, newIdempotencyKey));
    expect(keys.size).toBe(50);
    for (const key of keys) expect(idempotencyKeySchema.safeParse(key).success).toBe(true);
    expect(idempotencyKeySchema.safeParse('key-123456789').success).toBe(false);
  });
});
