import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { weeklyTotals, windowTotals } from '@/db/metrics';
import { addDays, type IsoDate } from '@/lib/dates';
import {
  referenceWeeks,
  referenceWindows,
  type PatientStory,
  type StoryRoutine,
} from '../support/metrics-reference';
import { setupTestDatabase } from './helpers/database';
import { createStoryAuthor, insertStory } from './helpers/stories';

const BASE: IsoDate = '2026-03-04';
const RUNS = Number(process.env.METRICS_PROPERTY_RUNS ?? 300);

const storyArbitrary = fc
  .record({
    start: fc.integer({ min: 0, max: 40 }),
    versions: fc.array(
      fc.record({
        gapBefore: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 6 })),
        length: fc.integer({ min: 1, max: 30 }),
        items: fc.array(
          fc.record({
            daysMask: fc.oneof(fc.constant(127), fc.integer({ min: 1, max: 127 })),
            timesPerDay: fc.integer({ min: 1, max: 3 }),
          }),
          { maxLength: 4 },
        ),
      }),
      { maxLength: 3 },
    ),
    lastOpen: fc.boolean(),
    todayOffset: fc.integer({ min: -5, max: 110 }),
    completions: fc.array(
      fc.record({
        version: fc.nat(),
        item: fc.nat(),
        day: fc.integer({ min: -2, max: 40 }),
        session: fc.integer({ min: 1, max: 3 }),
      }),
      { maxLength: 80 },
    ),
    pain: fc.array(
      fc.record({
        day: fc.integer({ min: -10, max: 150 }),
        score: fc.integer({ min: 0, max: 10 }),
      }),
      { maxLength: 60 },
    ),
    discharge: fc.option(fc.integer({ min: 0, max: 150 })),
    range: fc.option(
      fc.tuple(fc.integer({ min: -10, max: 150 }), fc.integer({ min: -10, max: 150 })),
    ),
  })
  .map((raw) => {
    const routines: StoryRoutine[] = [];
    let nextStart = addDays(BASE, raw.start);
    raw.versions.forEach((version, v) => {
      const startDate = addDays(nextStart, version.gapBefore);
      const endDate = addDays(startDate, version.length - 1);
      const open = raw.lastOpen && v === raw.versions.length - 1;
      routines.push({
        startDate,
        endDate: open ? null : endDate,
        items: version.items.map((item, i) => ({ key: `v${v}i${i}`, ...item })),
      });
      nextStart = addDays(endDate, 1);
    });

    const completions = new Map<string, PatientStory['completions'][number]>();
    for (const c of raw.completions) {
      const routine = routines[c.version % Math.max(routines.length, 1)];
      const item = routine?.items[c.item % Math.max(routine.items.length, 1)];
      if (!routine || !item) continue;
      // Days can fall outside the version, before the programme or in the future: none may count.
      const date = addDays(routine.startDate, c.day);
      completions.set(`${item.key}|${date}|${c.session}`, {
        itemKey: item.key,
        date,
        session: c.session,
      });
    }
    const pain = new Map<IsoDate, { date: IsoDate; score: number }>();
    for (const p of raw.pain) {
      const date = addDays(BASE, p.day);
      if (!pain.has(date)) pain.set(date, { date, score: p.score });
    }
    const story: PatientStory = {
      dischargedOn: raw.discharge === null ? null : addDays(BASE, raw.discharge),
      routines,
      completions: [...completions.values()],
      pain: [...pain.values()],
    };
    const today = addDays(BASE, raw.start + raw.todayOffset);
    const range = raw.range
      ? {
          from: addDays(BASE, Math.min(...raw.range)),
          to: addDays(BASE, Math.max(...raw.range)),
        }
      : {};
    return { story, today, range };
  });

describe(`metrics SQL equals the reference definitions (${RUNS} generated patients)`, () => {
  const db = setupTestDatabase();

  it('weekly totals and rolling windows agree for random programmes and logs', async () => {
    const author = await createStoryAuthor(db());
    await fc.assert(
      fc.asyncProperty(storyArbitrary, async ({ story, today, range }) => {
        const patientId = await insertStory(db(), author, story);
        const scope = { patientId };

        const weeks = await weeklyTotals(db(), { scope, today, ...range });
        expect(weeks.map(({ patientId: _id, ...week }) => week)).toEqual(
          referenceWeeks(story, { today, ...range }),
        );

        const [windows] = await windowTotals(db(), { scope, today });
        expect(windows).toEqual({ patientId, ...referenceWindows(story, today) });
      }),
      { numRuns: RUNS, seed: Number(process.env.METRICS_PROPERTY_SEED ?? 20261125) },
    );
  }, 600_000);
});
