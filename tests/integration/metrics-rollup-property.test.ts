import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rollupWeeklyTotals, rollupWindowTotals } from '@/db/metrics-rollup';
import { rowsOf, weeklyTotals, windowTotals, type PatientScope } from '@/db/metrics';
import type { Database } from '@/db/client';
import { addDays, type IsoDate } from '@/lib/dates';
import { setupTestDatabase } from './helpers/database';
import { createStoryAuthor, insertStory } from './helpers/stories';

/*
 * The rollup (patient_day_totals, kept by triggers) against the oracle (db/metrics.ts, computed
 * from the logs and routine versions themselves): after any generated sequence of writes — logs
 * and undos, pain reports added, changed, edited and removed, routine versions that follow or
 * replace the current one on its own start day (its completions moving to the new items), items
 * edited, end dates moved, discharges set and lifted — the figures read from the rollup equal the
 * oracle's, for several "todays" and week ranges. The writes are plain SQL statements, as any
 * writer (the app, the seed, an import) would send them: the triggers, not the app, keep it.
 */

const BASE: IsoDate = '2026-03-02';
const RUNS = Number(process.env.METRICS_ROLLUP_PROPERTY_RUNS ?? 120);

const itemArbitrary = fc.record({
  daysMask: fc.oneof(fc.constant(127), fc.integer({ min: 1, max: 127 })),
  timesPerDay: fc.integer({ min: 1, max: 3 }),
});

const dayArbitrary = fc.integer({ min: -3, max: 70 });
/** Days of logs, from the current version's start: most land where they count, some do not. */
const logDayArbitrary = fc.integer({ min: -2, max: 25 });

const operationArbitrary = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('version' as const),
      // 0: replaces the current version on its own start day; otherwise follows it.
      after: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 20 })),
      length: fc.option(fc.integer({ min: 1, max: 30 })),
      items: fc.array(itemArbitrary, { minLength: 0, maxLength: 3 }),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('log' as const),
      item: fc.nat(),
      day: logDayArbitrary,
      sessions: fc.uniqueArray(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('undo' as const),
      item: fc.nat(),
      day: logDayArbitrary,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('pain' as const),
      day: dayArbitrary,
      score: fc.integer({ min: 0, max: 10 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('unpain' as const), day: dayArbitrary }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('note' as const), day: dayArbitrary }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('edit' as const),
      item: fc.nat(),
      change: itemArbitrary,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('end' as const),
      length: fc.option(fc.integer({ min: 1, max: 40 })),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('discharge' as const),
      day: fc.option(fc.integer({ min: 0, max: 80 })),
    }),
  },
);

type Operation = typeof operationArbitrary extends fc.Arbitrary<infer T> ? T : never;

const twice = { daysMask: 127, timesPerDay: 2 };
/** Stories that must hold whatever the generator draws: each write kind changing a count. */
const EXAMPLES: [Operation[], number[], [number, number] | null][] = [
  // An item's dose lowered after two sessions were logged: the day counts one.
  [
    [
      { kind: 'version', after: 0, length: null, items: [twice] },
      { kind: 'log', item: 0, day: 0, sessions: [1, 2] },
      { kind: 'edit', item: 0, change: { daysMask: 127, timesPerDay: 1 } },
    ],
    [3],
    null,
  ],
  // Replaced on its start day: the logged sessions move to the new version's item.
  [
    [
      { kind: 'version', after: 2, length: null, items: [twice] },
      { kind: 'log', item: 0, day: 1, sessions: [1] },
      { kind: 'version', after: 0, length: 10, items: [{ daysMask: 1, timesPerDay: 1 }] },
    ],
    [20],
    null,
  ],
  // A version ended early, then a discharge and pain around it.
  [
    [
      { kind: 'version', after: 1, length: null, items: [twice, twice] },
      { kind: 'log', item: 1, day: 3, sessions: [1, 2, 3] },
      { kind: 'pain', day: 4, score: 6 },
      { kind: 'end', length: 2 },
      { kind: 'discharge', day: 3 },
      { kind: 'note', day: 4 },
    ],
    [2, 10],
    [0, 8],
  ],
];

interface Version {
  id: string;
  start: IsoDate;
  items: string[];
}

/** Applies the operations to one patient, statement by statement, tracking the versions. */
async function applyAll(
  db: Database,
  author: { physioId: string; exerciseId: string },
  patientId: string,
  operations: Operation[],
  afterEach: () => Promise<void>,
): Promise<void> {
  const versions: Version[] = [];
  // Mostly the current version's items (where logs count), now and then any version's.
  const pick = (n: number) => {
    const pool = n % 4 === 3 ? versions.flatMap((v) => v.items) : (versions.at(-1)?.items ?? []);
    return pool[Math.floor(n / 4) % Math.max(pool.length, 1)];
  };
  for (const op of operations) {
    const current = versions.at(-1);
    switch (op.kind) {
      case 'version': {
        const start = current ? addDays(current.start, op.after) : addDays(BASE, op.after);
        const end = op.length === null ? null : addDays(start, op.length - 1);
        const id = randomUUID();
        // A replacement follows what the replaced version followed.
        const previous = op.after === 0 ? versions.at(-2) : current;
        if (current && op.after > 0) {
          await db.execute(
            sql`update routines set end_date = ${addDays(start, -1)}::date where id = ${current.id}`,
          );
        } else if (current) {
          // Same-day replacement: the version goes once its completions have moved.
          await db.execute(
            sql`update routines set end_date = ${current.start}::date where id = ${current.id}`,
          );
        }
        await db.execute(sql`
          insert into routines (id, patient_id, created_by, previous_routine_id, title, start_date, end_date)
          values (${id}, ${patientId}, ${author.physioId}, ${previous?.id ?? null}, 'Programme',
                  ${start}::date, ${end}::date)`);
        const items = op.items.map(() => randomUUID());
        if (items.length > 0) {
          await db.execute(sql`
            insert into routine_items (id, routine_id, exercise_id, position, sets, reps, days_mask, times_per_day)
            select item.id, ${id}, ${author.exerciseId}, item.position, 2, 10, item.mask, item.times
            from jsonb_to_recordset(${JSON.stringify(
              op.items.map((item, position) => ({
                id: items[position],
                position,
                mask: item.daysMask,
                times: item.timesPerDay,
              })),
            )}::jsonb) as item(id uuid, position int, mask int, times int)`);
        }
        if (current && op.after === 0) {
          if (items.length > 0) {
            // Each old item's completions go to the new item at the same position (or the last).
            await db.execute(sql`
              update completions c set routine_item_id = moved.new_id
              from (
                select old.id as old_id,
                       (string_to_array(${items.join(',')}, ',')::uuid[])[least(old.position + 1, ${items.length})] as new_id
                from routine_items old where old.routine_id = ${current.id}
              ) moved
              where c.routine_item_id = moved.old_id`);
          } else {
            await db.execute(sql`
              delete from completions
              where routine_item_id in (select id from routine_items where routine_id = ${current.id})`);
          }
          await db.execute(sql`delete from routine_items where routine_id = ${current.id}`);
          await db.execute(sql`delete from routines where id = ${current.id}`);
          versions.pop();
        }
        versions.push({ id, start, items });
        break;
      }
      case 'log': {
        const item = pick(op.item);
        if (!item || !current) break;
        const day = addDays(current.start, op.day);
        await db.execute(sql`
          insert into completions (patient_id, routine_item_id, performed_on, session, idempotency_key)
          select ${patientId}, ${item}, ${day}::date, s, gen_random_uuid()::text
          from unnest(string_to_array(${op.sessions.join(',')}, ',')::int[]) s
          on conflict do nothing`);
        break;
      }
      case 'undo': {
        const item = pick(op.item);
        if (!item || !current) break;
        await db.execute(sql`
          delete from completions
          where routine_item_id = ${item} and performed_on = ${addDays(current.start, op.day)}::date`);
        break;
      }
      case 'pain':
        await db.execute(sql`
          insert into pain_reports (patient_id, reported_on, score, idempotency_key)
          values (${patientId}, ${addDays(BASE, op.day)}::date, ${op.score}, ${randomUUID()})
          on conflict (patient_id, reported_on) do update set score = excluded.score`);
        break;
      case 'unpain':
        await db.execute(sql`
          delete from pain_reports
          where patient_id = ${patientId} and reported_on = ${addDays(BASE, op.day)}::date`);
        break;
      case 'note':
        await db.execute(sql`
          update pain_reports set note = 'edited'
          where patient_id = ${patientId} and reported_on = ${addDays(BASE, op.day)}::date`);
        break;
      case 'edit': {
        const item = pick(op.item);
        if (!item) break;
        await db.execute(sql`
          update routine_items
          set days_mask = ${op.change.daysMask}, times_per_day = ${op.change.timesPerDay}
          where id = ${item}`);
        break;
      }
      case 'end': {
        if (!current) break;
        const end = op.length === null ? null : addDays(current.start, op.length - 1);
        await db.execute(sql`update routines set end_date = ${end}::date where id = ${current.id}`);
        break;
      }
      case 'discharge':
        await db.execute(sql`
          update patient_profiles
          set discharged_on = ${op.day === null ? null : addDays(BASE, op.day)}::date
          where user_id = ${patientId}`);
        break;
    }
    await afterEach();
  }
}

/** Every figure the rollup serves, read both ways. */
async function expectRollupEqualsOracle(
  db: Database,
  scope: PatientScope,
  today: IsoDate,
  range: { from?: IsoDate; to?: IsoDate },
): Promise<void> {
  expect(await rollupWindowTotals(db, { scope, today })).toEqual(
    await windowTotals(db, { scope, today }),
  );
  expect(await rollupWeeklyTotals(db, { scope, today, ...range })).toEqual(
    await weeklyTotals(db, { scope, today, ...range }),
  );
}

describe(`rollup figures equal the oracle's after generated writes (${RUNS} patients)`, () => {
  const db = setupTestDatabase();

  it('keeps patient_day_totals right through saves, undos, pain, versions and discharges', async () => {
    const author = await createStoryAuthor(db());
    await fc.assert(
      fc.asyncProperty(
        fc.array(operationArbitrary, { minLength: 1, maxLength: 30, size: 'max' }),
        fc.array(fc.integer({ min: -5, max: 90 }), { minLength: 1, maxLength: 3 }),
        fc.option(fc.tuple(fc.integer({ min: -10, max: 90 }), fc.integer({ min: -10, max: 90 }))),
        async (operations, todays, range) => {
          const patientId = await insertStory(db(), author, {
            dischargedOn: null,
            routines: [],
            completions: [],
            pain: [],
          });
          // After every write, every week of the programme so far (a later write that
          // happens to refresh the same day must not hide a missed refresh).
          await applyAll(db(), author, patientId, operations, async () => {
            const scope = { patientId };
            const today = addDays(BASE, 90);
            expect(await rollupWeeklyTotals(db(), { scope, today })).toEqual(
              await weeklyTotals(db(), { scope, today }),
            );
          });
          const weeks = range
            ? {
                from: addDays(BASE, Math.min(...range)),
                to: addDays(BASE, Math.max(...range)),
              }
            : {};
          for (const offset of todays) {
            await expectRollupEqualsOracle(db(), { patientId }, addDays(BASE, offset), weeks);
          }
        },
      ),
      {
        examples: EXAMPLES,
        numRuns: RUNS,
        seed: Number(process.env.METRICS_ROLLUP_PROPERTY_SEED ?? 20261203),
      },
    );
    // And over every generated patient at once, as the caseload and the clinic read them.
    for (const offset of [0, 20, 45, 90]) {
      const today = addDays(BASE, offset);
      await expectRollupEqualsOracle(db(), { physioId: author.physioId }, today, {});
      await expectRollupEqualsOracle(
        db(),
        { physioId: author.physioId, currentOnly: true },
        today,
        {},
      );
    }
  }, 600_000);

  it('backfills the rollup of data written before the triggers existed', async () => {
    // The migration's backfill and the triggers share one function: emptying the table and
    // running the backfill's statement rebuilds it exactly.
    const before = rowsOf(
      await db().execute(
        sql`select patient_id, day::text, completed_sessions, pain_score
          from patient_day_totals order by 1, 2`,
      ),
    );
    expect(before.length).toBeGreaterThan(0);
    await db().execute(sql`delete from patient_day_totals`);
    await db().execute(sql`
      select patient_day_totals_refresh(array_agg(patient_id), array_agg(day))
      from (
        select patient_id, performed_on as day from completions
        union
        select patient_id, reported_on from pain_reports
      ) existing`);
    const after = rowsOf(
      await db().execute(
        sql`select patient_id, day::text, completed_sessions, pain_score
          from patient_day_totals order by 1, 2`,
      ),
    );
    expect(after).toEqual(before);
  });
});
