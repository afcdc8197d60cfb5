import { describe, expect, it } from 'vitest';
import { flagsFor } from '@/lib/metrics/flags';
import { programmeWeek } from '@/lib/metrics/progress';
import { adherencePct, meanPain } from '@/lib/metrics/rounding';
import type { WindowTotals } from '@/lib/metrics/types';

describe('rounding to one decimal', () => {
  it('rounds halves up, exactly', () => {
    expect(adherencePct(5, 11)).toBe(45.5); // 45.4545…
    expect(adherencePct(2, 3)).toBe(66.7);
    expect(adherencePct(1, 2000)).toBe(0.1); // exactly 0.05
    expect(adherencePct(1, 8)).toBe(12.5);
    expect(meanPain(9, 4)).toBe(2.3); // 2.25
    expect(meanPain(47, 20)).toBe(2.4); // 2.35, which floating point would round down
  });

  it('is empty, not zero, when there is nothing to divide by', () => {
    expect(adherencePct(0, 0)).toBeNull();
    expect(meanPain(0, 0)).toBeNull();
    expect(adherencePct(0, 5)).toBe(0);
  });
});

const quiet: WindowTotals = {
  patientId: 'p',
  prescribed14: 14,
  completed14: 14,
  painSum7: 0,
  painReports7: 0,
  painSumPrevious7: 0,
  painReportsPrevious7: 0,
  baselinePainSum: 0,
  baselinePainReports: 0,
  hasActiveRoutine: true,
  activeInLast7Days: true,
  lastActivity: '2026-11-20',
};

describe('flags', () => {
  it('pain rising: at least 2 points above the 7 days before, compared exactly', () => {
    // 17/3 = 5.67 against 11/3 = 3.67: exactly 2 points.
    expect(
      flagsFor({
        ...quiet,
        painSum7: 17,
        painReports7: 3,
        painSumPrevious7: 11,
        painReportsPrevious7: 3,
      }),
    ).toContain('pain_rising');
    expect(
      flagsFor({
        ...quiet,
        painSum7: 16,
        painReports7: 3,
        painSumPrevious7: 11,
        painReportsPrevious7: 3,
      }),
    ).not.toContain('pain_rising');
    // No comparison without scores in both weeks.
    expect(flagsFor({ ...quiet, painSum7: 30, painReports7: 3 })).not.toContain('pain_rising');
  });

  it('low adherence: below 50% over 14 days, and never when nothing was prescribed', () => {
    expect(flagsFor({ ...quiet, prescribed14: 14, completed14: 6 })).toContain('low_adherence');
    expect(flagsFor({ ...quiet, prescribed14: 14, completed14: 7 })).not.toContain('low_adherence');
    expect(flagsFor({ ...quiet, prescribed14: 0, completed14: 0 })).not.toContain('low_adherence');
  });

  it('inactive: an active routine and nothing logged for 7 days', () => {
    expect(flagsFor({ ...quiet, activeInLast7Days: false })).toContain('inactive');
    expect(flagsFor({ ...quiet, activeInLast7Days: false, hasActiveRoutine: false })).not.toContain(
      'inactive',
    );
  });

  it('improving: 2 points or 30% below baseline', () => {
    const withPain = (sum7: number, baseline: number) => ({
      ...quiet,
      painSum7: sum7,
      painReports7: 7,
      baselinePainSum: baseline,
      baselinePainReports: 7,
    });
    expect(flagsFor(withPain(7 * 5, 7 * 7))).toContain('improving'); // 7 → 5: 2 points
    expect(flagsFor(withPain(7 * 2, 7 * 3))).toContain('improving'); // 3 → 2: 1 point but 33%
    expect(flagsFor(withPain(60, 70))).not.toContain('improving'); // 10 → 8.6: 1.4 points, 14%
    expect(flagsFor(withPain(14, 20))).toContain('improving'); // 2.86 → 2: exactly 30%
    expect(flagsFor(withPain(15, 20))).not.toContain('improving');
    expect(flagsFor(withPain(0, 0))).not.toContain('improving'); // no pain is not "below" no pain
  });
});

describe('programme week', () => {
  it('counts ISO weeks from the week the first routine started', () => {
    expect(programmeWeek('2026-11-02', '2026-11-04')).toBe(1);
    expect(programmeWeek('2026-11-16', '2026-11-04')).toBe(3);
    expect(programmeWeek('2026-10-26', '2026-11-04')).toBeNull();
    expect(programmeWeek('2026-10-26', null)).toBeNull();
  });
});
