import { describe, expect, it } from 'vitest';
import { addDays, ageOn, dateInZone, isIsoDate, isoWeekday, weekStart } from '@/lib/dates';
import { formatDate } from '@/lib/format';
import { describeWeekdays, isScheduledOn, maskFromWeekdays } from '@/lib/weekdays';

describe('calendar dates', () => {
  it('gives the local date of an instant in the clinic time zone', () => {
    // 23:30 in New York on 2 Nov is already 3 Nov in UTC.
    const instant = new Date('2026-11-03T04:30:00Z');
    expect(dateInZone(instant, 'America/New_York')).toBe('2026-11-02');
    expect(dateInZone(instant, 'UTC')).toBe('2026-11-03');
  });

  it('adds days across month ends and daylight-saving changes', () => {
    expect(addDays('2026-10-31', 1)).toBe('2026-11-01');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('finds the Monday of the ISO week', () => {
    expect(isoWeekday('2026-11-01')).toBe(7); // a Sunday
    expect(weekStart('2026-11-01')).toBe('2026-10-26');
    expect(weekStart('2026-11-02')).toBe('2026-11-02');
  });

  it('accepts only real calendar dates', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('26-2-3')).toBe(false);
  });

  it('counts age in whole years', () => {
    expect(ageOn('1980-11-25', '2026-11-24')).toBe(45);
    expect(ageOn('1980-11-25', '2026-11-25')).toBe(46);
  });
});

describe('weekday masks', () => {
  it('round-trips weekdays through the stored bitmask', () => {
    const mask = maskFromWeekdays([1, 3, 5]);
    expect(mask).toBe(1 | 4 | 16);
    expect([1, 2, 3, 4, 5, 6, 7].filter((d) => isScheduledOn(mask, d))).toEqual([1, 3, 5]);
    expect(describeWeekdays(mask)).toBe('Mon, Wed, Fri');
    expect(describeWeekdays(127)).toBe('Every day');
  });
});

describe('formatDate', () => {
  it('writes dates the same way on the server and in any browser', () => {
    expect(formatDate('2026-09-03')).toBe('Thu 3 Sep 2026');
    expect(formatDate('2026-11-30')).toBe('Mon 30 Nov 2026');
  });
});
