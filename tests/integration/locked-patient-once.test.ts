import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Transaction } from '@/db/client';
import { invalid, ok, type Actor } from '@/db/queries/actor';
import type { KeepResult } from '@/db/queries/idempotency';
import { withLockedPatientOnce, type LockedPatient } from '@/db/queries/patient-access';
import { idempotencyKeys, patientProfiles } from '@/db/schema';
import { newIdempotencyKey } from '@/lib/idempotency-key';
import { setupTestDatabase } from './helpers/database';
import { createPatient, createUser } from './helpers/fixtures';

type Result = { count: number; replayed: boolean };
type Write = (
  tx: Transaction,
  profile: LockedPatient,
  keep: KeepResult<Result>,
) => Promise<unknown>;

describe('withLockedPatientOnce: the patient locked and the key claimed in one statement', () => {
  const db = setupTestDatabase();

  const once = (actor: Actor, patientId: string, key: string | undefined, write: Write) =>
    withLockedPatientOnce<Result>(
      actor,
      patientId,
      {
        actor,
        key,
        operation: 'test.once',
        record: ({ count }) => ({ count }),
        replay: (stored) =>
          typeof stored === 'object' && stored !== null && 'count' in stored
            ? { count: Number(stored.count), replayed: true }
            : null,
      },
      write as never,
    );

  const storedResult = async (actor: Actor, key: string) => {
    const rows = await db()
      .select({ result: idempotencyKeys.result })
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.userId, actor.id), eq(idempotencyKeys.key, key)));
    return rows.map((row) => row.result);
  };

  async function physioAndPatient() {
    const physio = await createUser(db(), { role: 'physio' });
    const patient = await createPatient(db(), physio);
    return { physio, patient };
  }

  it('is not found, claims no key and runs nothing for a patient the actor may not see', async () => {
    const { patient } = await physioAndPatient();
    const stranger = await createUser(db(), { role: 'physio' });
    const key = newIdempotencyKey();
    let runs = 0;
    const outcome = await once(stranger, patient.id, key, async () =>
      ok({ count: ++runs, replayed: false }),
    );
    expect(outcome).toEqual({ ok: false, reason: 'not_found' });
    expect(runs).toBe(0);
    expect(await storedResult(stranger, key)).toEqual([]);
  });

  it('hands the write the locked profile, and a result kept in the write’s own statement is replayed', async () => {
    const { physio, patient } = await physioAndPatient();
    await db()
      .update(patientProfiles)
      .set({ dischargedOn: '2026-11-24' })
      .where(eq(patientProfiles.userId, patient.id));
    const key = newIdempotencyKey();
    let runs = 0;
    const write: Write = async (tx, profile, keep) => {
      expect(profile).toEqual({ userId: patient.id, dischargedOn: '2026-11-24' });
      const value = { count: ++runs, replayed: false };
      const kept = keep(value);
      expect(kept).toBeDefined();
      await tx.execute(sql`with kept as (${kept!}) select 1`);
      return ok(value);
    };
    expect(await once(physio, patient.id, key, write)).toEqual(ok({ count: 1, replayed: false }));
    expect(await storedResult(physio, key)).toEqual([{ count: 1 }]);
    expect(await once(physio, patient.id, key, write)).toEqual(ok({ count: 1, replayed: true }));
    expect(runs).toBe(1);
  });

  it('keeps the answered result itself when the write did not keep that one', async () => {
    const { physio, patient } = await physioAndPatient();
    const unused = newIdempotencyKey();
    await once(physio, patient.id, unused, async () => ok({ count: 2, replayed: false }));
    expect(await storedResult(physio, unused)).toEqual([{ count: 2 }]);
    // Asked to keep one value and then answering another: the answer is what a replay gets.
    const changed = newIdempotencyKey();
    await once(physio, patient.id, changed, async (tx, _profile, keep) => {
      await tx.execute(sql`with kept as (${keep({ count: 3, replayed: false })!}) select 1`);
      return ok({ count: 4, replayed: false });
    });
    expect(await storedResult(physio, changed)).toEqual([{ count: 4 }]);
  });

  it('releases the key on a refusal; without a key the write runs every time, with nothing to keep', async () => {
    const { physio, patient } = await physioAndPatient();
    const key = newIdempotencyKey();
    expect(await once(physio, patient.id, key, async () => invalid('No.'))).toEqual(invalid('No.'));
    expect(await storedResult(physio, key)).toEqual([]);
    let runs = 0;
    const write: Write = async (_tx, _profile, keep) => {
      expect(keep({ count: 0, replayed: false })).toBeUndefined();
      return ok({ count: ++runs, replayed: false });
    };
    await once(physio, patient.id, undefined, write);
    expect(await once(physio, patient.id, undefined, write)).toEqual(
      ok({ count: 2, replayed: false }),
    );
  });
});
