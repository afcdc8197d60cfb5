import { describe, expect, it } from 'vitest';
import { weeklyTotals, windowTotals } from '@/db/metrics';
import { dateInZone, type IsoDate } from '@/lib/dates';
import { toWeeklyMetrics } from '@/lib/metrics/weekly';
import { maskFromWeekdays } from '@/lib/weekdays';
import { referenceWeeks, type PatientStory } from '../support/metrics-reference';
import { setupTestDatabase } from './helpers/database';
import { createStoryAuthor, insertStory } from './helpers/stories';

// Hand-computed expectations. 2026-11-02 is a Monday: weeks start 11-02, 11-09, 11-16.
const story = (partial: Partial<PatientStory>): PatientStory => ({
  dischargedOn: null,
  routines: [],
  completions: [],
  pain: [],
  ...partial,
});
const daily = (key: string, timesPerDay = 1) => ({ key, daysMask: 127, timesPerDay });
const done = (itemKey: string, date: IsoDate, session = 1) => ({ itemKey, date, session });

describe('metrics in the awkward cases', () => {
  const db = setupTestDatabase();

  async function weeksOf(s: PatientStory, today: IsoDate) {
    const patientId = await insertStory(db(), await createStoryAuthor(db()), s);
    const totals = await weeklyTotals(db(), { scope: { patientId }, today });
    // The oracle must agree with the hand computation too.
    expect(totals.map(({ patientId: _id, ...t }) => t)).toEqual(referenceWeeks(s, { today }));
    return { patientId, weeks: totals.map(toWeeklyMetrics) };
  }

  it('a prescription changed mid-week counts each day against the version in force', async () => {
    const { weeks } = await weeksOf(
      story({
        routines: [
          { startDate: '2026-11-02', endDate: '2026-11-04', items: [daily('A')] },
          { startDate: '2026-11-05', endDate: null, items: [daily('B', 2)] },
        ],
        completions: [
          done('A', '2026-11-02'),
          done('A', '2026-11-03'),
          done('A', '2026-11-05'), // A is no longer prescribed on Thursday
          done('B', '2026-11-05', 1),
          done('B', '2026-11-05', 2),
          done('B', '2026-11-06', 1),
        ],
      }),
      '2026-11-08',
    );
    // Mon–Wed: 3 × 1, Thu–Sun: 4 × 2 → 11 prescribed; 2 + 3 completed.
    expect(weeks).toEqual([
      expect.objectContaining({
        weekStart: '2026-11-02',
        prescribedSessions: 11,
        completedSessions: 5,
        adherencePct: 45.5,
      }),
    ]);
  });

  it('an item scheduled on some weekdays is prescribed only on those', async () => {
    const { weeks } = await weeksOf(
      story({
        routines: [
          {
            startDate: '2026-11-02',
            endDate: null,
            items: [{ key: 'MWF', daysMask: maskFromWeekdays([1, 3, 5]), timesPerDay: 1 }],
          },
        ],
        completions: [
          done('MWF', '2026-11-02'),
          done('MWF', '2026-11-03'),
          done('MWF', '2026-11-04'),
        ],
      }),
      '2026-11-08',
    );
    expect(weeks[0]).toMatchObject({
      prescribedSessions: 3,
      completedSessions: 2,
      adherencePct: 66.7,
    });
  });

  it('caps sessions logged above the times per day', async () => {
    const { weeks } = await weeksOf(
      story({
        routines: [{ startDate: '2026-11-02', endDate: null, items: [daily('T', 2)] }],
        completions: [
          done('T', '2026-11-02', 1),
          done('T', '2026-11-02', 2),
          done('T', '2026-11-02', 3),
          done('T', '2026-11-03', 1),
        ],
      }),
      '2026-11-03',
    );
    expect(weeks[0]).toMatchObject({
      prescribedSessions: 4,
      completedSessions: 3,
      adherencePct: 75,
    });
  });

  it('counts only the days of the current week up to today', async () => {
    const { weeks } = await weeksOf(
      story({
        routines: [{ startDate: '2026-11-02', endDate: null, items: [daily('A')] }],
        completions: ['02', '03', '04', '05'].map((d) => done('A', `2026-11-${d}`)),
      }),
      '2026-11-04',
    );
    expect(weeks).toEqual([
      expect.objectContaining({ prescribedSessions: 3, completedSessions: 3, adherencePct: 100 }),
    ]);
  });

  it('shows a week before the first routine with pain but no adherence', async () => {
    const { weeks } = await weeksOf(
      story({
        routines: [{ startDate: '2026-11-04', endDate: null, items: [daily('A')] }],
        pain: [
          { date: '2026-10-28', score: 7 },
          { date: '2026-11-05', score: 6 },
          { date: '2026-11-06', score: 5 },
        ],
      }),
      '2026-11-06',
    );
    expect(weeks).toEqual([
      expect.objectContaining({
        weekStart: '2026-10-26',
        prescribedSessions: 0,
        adherencePct: null,
        meanPain: 7,
        painReports: 1,
      }),
      expect.objectContaining({
        weekStart: '2026-11-02',
        prescribedSessions: 3, // Wednesday to Friday
        completedSessions: 0,
        adherencePct: 0,
        meanPain: 5.5,
        painReports: 2,
      }),
    ]);
  });

  it('leaves a week with no prescription empty, not 0%, and one with no pain empty, not 0', async () => {
    const { weeks } = await weeksOf(
      story({
        routines: [
          { startDate: '2026-11-02', endDate: '2026-11-08', items: [daily('A')] },
          { startDate: '2026-11-16', endDate: null, items: [daily('B')] },
        ],
        completions: [done('A', '2026-11-02')],
        pain: [{ date: '2026-11-16', score: 4 }],
      }),
      '2026-11-17',
    );
    expect(weeks.map((w) => [w.weekStart, w.adherencePct, w.meanPain, w.painReports])).toEqual([
      ['2026-11-02', 14.3, null, 0],
      ['2026-11-09', null, null, 0],
      ['2026-11-16', 0, 4, 1],
    ]);
  });

  it('stops counting at discharge', async () => {
    const { patientId, weeks } = await weeksOf(
      story({
        dischargedOn: '2026-11-10',
        routines: [{ startDate: '2026-11-02', endDate: null, items: [daily('A')] }],
        completions: [done('A', '2026-11-10'), done('A', '2026-11-12')],
        pain: [{ date: '2026-11-12', score: 2 }],
      }),
      '2026-11-20',
    );
    expect(
      weeks.map((w) => [w.weekStart, w.prescribedSessions, w.completedSessions, w.meanPain]),
    ).toEqual([
      ['2026-11-02', 7, 0, null],
      ['2026-11-09', 2, 1, null],
    ]);
    const [windows] = await windowTotals(db(), { scope: { patientId }, today: '2026-11-20' });
    expect(windows).toMatchObject({ hasActiveRoutine: false, lastActivity: '2026-11-10' });
  });

  it("puts a log made at 23:30 in the clinic's time zone on that local day", async () => {
    // 23:30 on Monday 2 November in New York is already Tuesday in UTC.
    const instant = new Date('2026-11-03T04:30:00Z');
    const today = dateInZone(instant, 'America/New_York');
    expect(today).toBe('2026-11-02');
    const { weeks } = await weeksOf(
      story({
        routines: [{ startDate: '2026-11-02', endDate: null, items: [daily('A')] }],
        completions: [done('A', today)],
      }),
      today,
    );
    // Only Monday is prescribed so far, and the late-evening log completes it.
    expect(weeks[0]).toMatchObject({
      prescribedSessions: 1,
      completedSessions: 1,
      adherencePct: 100,
    });
  });

  it('clips to whole weeks of a requested range', async () => {
    const s = story({
      routines: [{ startDate: '2026-11-02', endDate: null, items: [daily('A')] }],
      pain: [
        { date: '2026-11-03', score: 6 },
        { date: '2026-11-11', score: 5 },
        { date: '2026-11-18', score: 4 },
      ],
    });
    const patientId = await insertStory(db(), await createStoryAuthor(db()), s);
    const weeks = await weeklyTotals(db(), {
      scope: { patientId },
      today: '2026-11-25',
      from: '2026-11-12',
      to: '2026-11-17',
    });
    expect(weeks.map((w) => [w.weekStart, w.prescribedSessions, w.painSum])).toEqual([
      ['2026-11-09', 7, 5],
      ['2026-11-16', 7, 4],
    ]);
  });
});
