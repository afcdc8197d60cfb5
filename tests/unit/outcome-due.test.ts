import { describe, expect, it } from 'vitest';
import {
  DISCHARGE_WINDOW_DAYS,
  dueMeasures,
  overdue,
  type DueAssignment,
  type DueInputs,
} from '@/lib/outcome-measures/due';
import type { OutcomeSchedule } from '@/lib/outcome-measures/schedules';

const assignment = (
  schedule: OutcomeSchedule,
  startsOn: string,
  extra: Partial<DueAssignment> = {},
): DueAssignment => ({
  id: `${schedule}-${startsOn}`,
  instrumentId: 'psfs',
  schedule,
  startsOn,
  active: true,
  ...extra,
});

const inputs = (day: string, over: Partial<DueInputs> = {}): DueInputs => ({
  day,
  assignments: [],
  responses: [],
  skips: [],
  programmeStart: '2026-03-02',
  dischargedOn: null,
  ...over,
});

const dueOn = (day: string, over: Partial<DueInputs>) =>
  dueMeasures(inputs(day, over)).map((m) => [m.instrumentId, m.dueSince, m.skippedToday]);

describe('once, now', () => {
  const assignments = [assignment('once', '2026-03-10')];
  it('is due from the day it was asked for, not before', () => {
    expect(dueOn('2026-03-09', { assignments })).toEqual([]);
    expect(dueOn('2026-03-10', { assignments })).toEqual([['psfs', '2026-03-10', false]]);
    expect(dueOn('2026-03-20', { assignments })).toEqual([['psfs', '2026-03-10', false]]);
  });
  it('is answered by a response on or after that day, not by an earlier one', () => {
    expect(
      dueOn('2026-03-12', {
        assignments,
        responses: [{ instrumentId: 'psfs', answeredOn: '2026-03-09' }],
      }),
    ).toHaveLength(1);
    expect(
      dueOn('2026-03-12', {
        assignments,
        responses: [{ instrumentId: 'psfs', answeredOn: '2026-03-10' }],
      }),
    ).toEqual([]);
  });
  it('ignores another instrument’s response and an ended assignment', () => {
    expect(
      dueOn('2026-03-12', {
        assignments,
        responses: [{ instrumentId: 'start-back', answeredOn: '2026-03-11' }],
      }),
    ).toHaveLength(1);
    expect(
      dueOn('2026-03-12', { assignments: [assignment('once', '2026-03-10', { active: false })] }),
    ).toEqual([]);
  });
});

describe('at the start', () => {
  it('waits for a programme that starts later than the assignment', () => {
    const assignments = [assignment('start', '2026-02-20')];
    expect(dueOn('2026-03-01', { assignments })).toEqual([]);
    expect(dueOn('2026-03-02', { assignments })).toEqual([['psfs', '2026-03-02', false]]);
  });
  it('is due from the assignment day when the programme began earlier, or without one', () => {
    const assignments = [assignment('start', '2026-03-10')];
    expect(dueOn('2026-03-10', { assignments })).toEqual([['psfs', '2026-03-10', false]]);
    expect(dueOn('2026-03-10', { assignments, programmeStart: null })).toEqual([
      ['psfs', '2026-03-10', false],
    ]);
  });
  it('is asked once only', () => {
    const assignments = [assignment('start', '2026-03-02')];
    const responses = [{ instrumentId: 'psfs', answeredOn: '2026-03-03' }];
    expect(dueOn('2026-06-01', { assignments, responses })).toEqual([]);
  });
});

describe.each([
  ['every_2_weeks', 14],
  ['every_4_weeks', 28],
  ['every_6_weeks', 42],
] as const)('%s', (schedule, period) => {
  const assignments = [assignment(schedule, '2026-03-02')];
  const plus = (days: number) => {
    const d = new Date('2026-03-02T00:00:00Z');
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  };
  it('is due on day one and then every period', () => {
    expect(dueOn(plus(0), { assignments })).toEqual([['psfs', plus(0), false]]);
    const answeredDayOne = [{ instrumentId: 'psfs', answeredOn: plus(0) }];
    expect(dueOn(plus(period - 1), { assignments, responses: answeredDayOne })).toEqual([]);
    expect(dueOn(plus(period), { assignments, responses: answeredDayOne })).toEqual([
      ['psfs', plus(period), false],
    ]);
  });
  it('replaces a missed occasion by the next one instead of stacking them', () => {
    expect(dueOn(plus(2 * period + 3), { assignments })).toEqual([
      ['psfs', plus(2 * period), false],
    ]);
  });
});

describe('at discharge', () => {
  const assignments = [assignment('discharge', '2026-03-02')];
  it('is not due before a discharge', () => {
    expect(dueOn('2026-04-01', { assignments })).toEqual([]);
  });
  it(`is due from the discharge date for ${DISCHARGE_WINDOW_DAYS} days`, () => {
    const dischargedOn = '2026-04-10';
    expect(dueOn('2026-04-10', { assignments, dischargedOn })).toEqual([
      ['psfs', '2026-04-10', false],
    ]);
    expect(dueOn('2026-04-23', { assignments, dischargedOn })).toHaveLength(1);
    expect(dueOn('2026-04-24', { assignments, dischargedOn })).toEqual([]);
  });
  it('is the only thing due after a discharge', () => {
    const dischargedOn = '2026-04-10';
    const others = [assignment('every_2_weeks', '2026-03-02'), assignment('once', '2026-04-01')];
    expect(dueOn('2026-04-10', { assignments: others, dischargedOn })).toHaveLength(1);
    expect(dueOn('2026-04-11', { assignments: others, dischargedOn })).toEqual([]);
  });
});

describe('several assignments of one instrument', () => {
  it('ask once: "at the start" and "every 4 weeks" together are one questionnaire on day one', () => {
    const measures = dueMeasures(
      inputs('2026-03-02', {
        assignments: [assignment('start', '2026-03-02'), assignment('every_4_weeks', '2026-03-02')],
      }),
    );
    expect(measures).toHaveLength(1);
    expect(measures[0]!.assignmentIds).toEqual(['start-2026-03-02', 'every_4_weeks-2026-03-02']);
  });
  it('lists different instruments oldest first', () => {
    expect(
      dueOn('2026-03-12', {
        assignments: [
          assignment('once', '2026-03-11'),
          assignment('once', '2026-03-10', { id: 'sb', instrumentId: 'start-back' }),
        ],
      }),
    ).toEqual([
      ['start-back', '2026-03-10', false],
      ['psfs', '2026-03-11', false],
    ]);
  });
});

describe('skip for today', () => {
  const assignments = [assignment('once', '2026-03-10')];
  const skips = [{ assignmentId: 'once-2026-03-10', skippedOn: '2026-03-11' }];
  it('marks it skipped that day only, and it stays due', () => {
    expect(dueOn('2026-03-11', { assignments, skips })).toEqual([['psfs', '2026-03-10', true]]);
    expect(dueOn('2026-03-12', { assignments, skips })).toEqual([['psfs', '2026-03-10', false]]);
  });
  it('counts only when every assignment wanting it was skipped', () => {
    const two = [...assignments, assignment('start', '2026-03-02')];
    expect(dueOn('2026-03-11', { assignments: two, skips })).toEqual([
      ['psfs', '2026-03-02', false],
    ]);
  });
});

describe('the caseload flag', () => {
  it('flags a measure due for more than 3 days', () => {
    expect(overdue({ dueSince: '2026-03-10' }, '2026-03-13')).toBe(false);
    expect(overdue({ dueSince: '2026-03-10' }, '2026-03-14')).toBe(true);
  });
});
