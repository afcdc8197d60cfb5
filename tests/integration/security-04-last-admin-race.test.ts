import { and, eq, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { LAST_ADMIN, NO_LONGER_ADMIN, OWN_ACCOUNT, setAccountActive } from '@/db/queries/accounts';
import type { Actor } from '@/db/queries/actor';
import { rowsOf } from '@/db/metrics';
import { auditEvents, users } from '@/db/schema';
import { setupTestDatabase } from './helpers/database';
import { createUser } from './helpers/fixtures';

const onPostgres = process.env.ADHERE_TEST_DRIVER === 'postgres';
const ROUNDS = 25;

describe('Security finding 04: the last-admin rule holds under concurrency', () => {
  const db = setupTestDatabase();

  async function activeAdmins(): Promise<string[]> {
    const rows = await db()
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, 'admin'), eq(users.active, true)));
    return rows.map((r) => r.id);
  }

  /** Leaves exactly the admins created here active, so each round starts from a known clinic. */
  async function onlyTheseAdmins(count: number): Promise<Actor[]> {
    await db()
      .update(users)
      .set({ active: false })
      .where(and(eq(users.role, 'admin'), eq(users.active, true)));
    const admins: Actor[] = [];
    for (let i = 0; i < count; i++) admins.push(await createUser(db(), { role: 'admin' }));
    return admins;
  }

  /**
   * On PostgreSQL, holds the two accounts locked from a third connection until both deactivations
   * are waiting on a lock, then lets them go at the same instant: without serialisation each one
   * would check the other's not-yet-changed row and both would pass.
   */
  async function atOnce<T>(ids: string[], runs: (() => Promise<T>)[]): Promise<T[]> {
    if (!onPostgres) return Promise.all(runs.map((run) => run()));
    let locked!: () => void;
    let release!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    const gate = db().transaction(async (tx) => {
      await tx.execute(
        sql`select id from users where id in (${sql.join(
          ids.map((id) => sql`${id}::uuid`),
          sql`, `,
        )}) order by id for update`,
      );
      locked();
      await released;
    });
    await isLocked;
    const results = runs.map((run) => run());
    const deadline = Date.now() + 10_000;
    for (;;) {
      const [row] = rowsOf<{ waiting: number }>(
        await db().execute(sql`
          select count(*)::int as waiting from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'
        `),
      );
      if ((row?.waiting ?? 0) >= runs.length) break;
      if (Date.now() > deadline) throw new Error('the deactivations never waited on the lock');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    release();
    await gate;
    return Promise.all(results);
  }

  beforeEach(async () => {
    await onlyTheseAdmins(0);
  });

  it('refuses an admin deactivating their own account, in the data layer, and changes nothing', async () => {
    const [me, other] = await onlyTheseAdmins(2);
    const outcome = await setAccountActive(me!, { userId: me!.id, active: false });
    expect(outcome).toEqual({ ok: false, reason: 'invalid', message: OWN_ACCOUNT });
    expect(await activeAdmins()).toEqual(expect.arrayContaining([me!.id, other!.id]));
    const audited = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, me!.id), eq(auditEvents.action, 'account.deactivated')));
    expect(audited).toEqual([]);
  });

  it(`two admins deactivating each other at once: one succeeds, the other gets the last-admin message (${ROUNDS} rounds, no deadlock)`, async () => {
    let survivor = (await onlyTheseAdmins(1))[0]!;
    for (let round = 0; round < ROUNDS; round++) {
      const newcomer = await createUser(db(), { role: 'admin' });
      const pair = round % 2 === 0 ? [survivor, newcomer] : [newcomer, survivor];
      const [a, b] = pair as [Actor, Actor];
      const outcomes = await atOnce(
        [a.id, b.id],
        [
          () => setAccountActive(a, { userId: b.id, active: false }),
          () => setAccountActive(b, { userId: a.id, active: false }),
        ],
      );
      const succeeded = outcomes.filter((o) => o.ok);
      const refused = outcomes.filter((o) => !o.ok);
      expect(succeeded, `round ${round}`).toHaveLength(1);
      expect(refused, `round ${round}`).toEqual([
        { ok: false, reason: 'invalid', message: LAST_ADMIN },
      ]);
      const remaining = await activeAdmins();
      expect(remaining, `round ${round}`).toHaveLength(1);
      survivor = remaining[0] === a.id ? a : b;
      expect([a.id, b.id]).toContain(remaining[0]);
    }
  });

  it('with a third admin, a deactivated admin cannot deactivate anyone in the same instant', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const [a, b, c] = (await onlyTheseAdmins(3)) as [Actor, Actor, Actor];
      const outcomes = await atOnce(
        [a.id, b.id],
        [
          () => setAccountActive(a, { userId: b.id, active: false }),
          () => setAccountActive(b, { userId: a.id, active: false }),
        ],
      );
      expect(
        outcomes.filter((o) => o.ok),
        `round ${round}`,
      ).toHaveLength(1);
      expect(
        outcomes.filter((o) => !o.ok),
        `round ${round}`,
      ).toEqual([{ ok: false, reason: 'invalid', message: NO_LONGER_ADMIN }]);
      const remaining = await activeAdmins();
      expect(remaining, `round ${round}`).toHaveLength(2);
      expect(remaining).toContain(c.id);
    }
  });

  it('many admins deactivating one another at once always leave at least one active admin', async () => {
    for (let round = 0; round < 5; round++) {
      const admins = await onlyTheseAdmins(3);
      // Each admin deactivates the next one round the circle, all at the same moment.
      const outcomes = await atOnce(
        admins.map((a) => a.id),
        admins.map((actor, i) => () => {
          const target = admins[(i + 1) % admins.length]!;
          return setAccountActive(actor, { userId: target.id, active: false });
        }),
      );
      const remaining = await activeAdmins();
      expect(remaining.length, `round ${round}`).toBeGreaterThanOrEqual(1);
      expect(outcomes.filter((o) => o.ok).length).toBe(admins.length - remaining.length);
      for (const outcome of outcomes) {
        if (!outcome.ok) {
          expect(outcome).toMatchObject({ reason: 'invalid' });
          expect([LAST_ADMIN, NO_LONGER_ADMIN]).toContain((outcome as { message: string }).message);
        }
      }
    }
  });
});
