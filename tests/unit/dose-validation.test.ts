import { describe, expect, it } from 'vitest';
import {
  DOSE_LIMITS,
  DOSE_MESSAGES,
  optionalWholeNumber,
  wholeNumber,
} from '@/lib/validation/dose';
import { EXERCISE_LIMITS, EXERCISE_MESSAGES } from '@/lib/validation/exercise';
import { ROUTINE_LIMITS, ROUTINE_MESSAGES } from '@/lib/validation/routine';

describe('dose rules, shared by the library form and the routine builder', () => {
  it('says the limits in words', () => {
    expect(DOSE_MESSAGES).toEqual({
      sets: 'Sets must be a whole number from 1 to 20.',
      reps: 'Reps must be a whole number from 1 to 100.',
      holdSeconds: 'Hold must be a whole number of seconds from 1 to 600, or left empty.',
    });
  });

  it('are the same for an exercise’s default dose and a prescribed one', () => {
    for (const field of ['sets', 'reps', 'holdSeconds'] as const) {
      expect(EXERCISE_LIMITS[field]).toEqual(DOSE_LIMITS[field]);
      expect(ROUTINE_LIMITS[field]).toEqual(DOSE_LIMITS[field]);
      expect(EXERCISE_MESSAGES[field]).toBe(DOSE_MESSAGES[field]);
      expect(ROUTINE_MESSAGES[field]).toBe(DOSE_MESSAGES[field]);
    }
  });

  it('takes whole numbers in range, typed or as numbers, and nothing else', () => {
    const sets = wholeNumber(DOSE_LIMITS.sets, DOSE_MESSAGES.sets);
    expect(sets.parse(' 3 ')).toBe(3);
    expect(sets.parse(20)).toBe(20);
    for (const bad of ['', '3.5', 'abc', '1e1', '0', '21', -1, 2.5, null, undefined]) {
      const parsed = sets.safeParse(bad);
      expect(parsed.success, String(bad)).toBe(false);
      expect(parsed.error?.issues[0]?.message).toBe(DOSE_MESSAGES.sets);
    }
  });

  it('reads an empty optional field as none', () => {
    const hold = optionalWholeNumber(DOSE_LIMITS.holdSeconds, DOSE_MESSAGES.holdSeconds);
    for (const empty of ['', '  ', null, undefined]) expect(hold.parse(empty)).toBeNull();
    expect(hold.parse('30')).toBe(30);
    expect(hold.safeParse('601').success).toBe(false);
  });
});
