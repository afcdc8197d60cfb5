import { describe, expect, it } from 'vitest';
import { changesToForm, noChanges, withExerciseChange } from '@/lib/day-log';
import { dayLogFromForm, dayLogSchema, loggableDates } from '@/lib/validation/day-log';

const TODAY = '2026-11-25';
const KEY = '6f1c7e0e-2d7a-4c1b-9a51-1d2b3c4d5e6f';
const ITEM = '0b9d5a8e-4c3f-4e21-8a7b-9c0d1e2f3a4b';
const EXERCISE = '4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c7d';
const schema = dayLogSchema(TODAY);

function errors(form: Record<string, string>) {
  const result = schema.safeParse(dayLogFromForm({ idempotencyKey: KEY, date: TODAY, ...form }));
  return Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));
}

describe('a day log submission', () => {
  it('accepts changes to exercises, a pain score and a note', () => {
    const parsed = schema.parse(
      dayLogFromForm({
        idempotencyKey: KEY,
        date: TODAY,
        [`exercises.${ITEM}.exerciseId`]: EXERCISE,
        [`exercises.${ITEM}.change`]: '-1',
        pain: '6',
        note: ' sore ',
      }),
    );
    expect(parsed).toEqual({
      idempotencyKey: KEY,
      date: TODAY,
      exercises: { [ITEM]: { exerciseId: EXERCISE, change: -1 } },
      pain: 6,
      note: 'sore',
    });
  });

  it('leaves out the pain score and the note when the screen did not change them', () => {
    const parsed = schema.parse(dayLogFromForm({ idempotencyKey: KEY, date: TODAY, pain: '' }));
    expect(parsed).toEqual({ idempotencyKey: KEY, date: TODAY, exercises: {} });
    expect('pain' in parsed && parsed.pain !== undefined).toBe(false);
    // JSON clients may send null for "not changed"; an empty note is a change (clearing it).
    expect(
      schema.parse({ idempotencyKey: KEY, date: TODAY, pain: null, note: null }),
    ).toMatchObject({ pain: undefined, note: undefined });
    expect(schema.parse({ idempotencyKey: KEY, date: TODAY, note: '' }).note).toBe('');
  });

  it('is what the page’s form sends', () => {
    const changes = withExerciseChange(
      { ...noChanges(), pain: 3 },
      { id: ITEM, exerciseId: EXERCISE, exerciseName: 'Bird dog' },
      2,
    );
    const form = changesToForm(changes, { idempotencyKey: KEY, date: TODAY });
    expect(schema.parse(dayLogFromForm(Object.fromEntries(form)))).toEqual({
      idempotencyKey: KEY,
      date: TODAY,
      exercises: { [ITEM]: { exerciseId: EXERCISE, change: 2 } },
      pain: 3,
    });
  });

  it('refuses a change that is not a whole number of sessions within a day’s most', () => {
    const message = 'Mark an exercise done or undo it, up to three times a day.';
    for (const change of ['4', '-4', '1.5', 'x']) {
      expect(
        errors({
          [`exercises.${ITEM}.exerciseId`]: EXERCISE,
          [`exercises.${ITEM}.change`]: change,
        }),
      ).toEqual({ [`exercises.${ITEM}.change`]: message });
    }
    expect(errors({ [`exercises.not-an-id.change`]: '1' })).toHaveProperty('exercises.not-an-id');
    expect(errors({ [`exercises.${ITEM}.change`]: '1' })).toHaveProperty(
      `exercises.${ITEM}.exerciseId`,
    );
  });

  it('never lets a field named after an object’s prototype reach one', () => {
    const parsed = schema.parse(
      dayLogFromForm({ idempotencyKey: KEY, date: TODAY, 'exercises.__proto__.change': '1' }),
    );
    expect(Object.keys(parsed.exercises)).toEqual([]);
    expect(({} as Record<string, unknown>).change).toBeUndefined();
  });

  it('refuses more exercises than any programme has', () => {
    const exercises = Object.fromEntries(
      Array.from({ length: 51 }, (_, i) => [
        `0b9d5a8e-4c3f-4e21-8a7b-${String(i).padStart(12, '0')}`,
        { exerciseId: EXERCISE, change: 1 },
      ]),
    );
    const result = schema.safeParse({ idempotencyKey: KEY, date: TODAY, exercises });
    expect(result.error?.issues.map((i) => i.message)).toEqual([
      'That is more exercises than any programme has.',
    ]);
  });

  it('refuses pain outside 0–10 or not a whole number, with a message for the pain field', () => {
    expect(errors({ pain: '-1' })).toEqual({ pain: 'Choose a pain score from 0 to 10.' });
    expect(errors({ pain: '11' })).toEqual({ pain: 'Choose a pain score from 0 to 10.' });
    expect(errors({ pain: '3.5' })).toEqual({ pain: 'Choose a whole number from 0 to 10.' });
  });

  it('refuses a note over 1,000 characters', () => {
    expect(errors({ pain: '3', note: 'x'.repeat(5000) })).toEqual({
      note: 'Your note can be at most 1,000 characters.',
    });
  });

  it('refuses a future day and a day more than 7 days back', () => {
    expect(errors({ date: '2026-11-26' })).toEqual({
      date: 'You cannot log for a day that has not happened yet.',
    });
    expect(errors({ date: '2026-11-17' })).toEqual({
      date: 'You can log for today and the 7 days before it.',
    });
    expect(errors({ date: '2026-11-18' })).toEqual({});
  });

  it('needs a valid key', () => {
    expect(errors({ idempotencyKey: 'x' })).toHaveProperty('idempotencyKey');
  });

  it('offers today and the 7 days before it', () => {
    expect(loggableDates(TODAY)).toEqual([
      '2026-11-25',
      '2026-11-24',
      '2026-11-23',
      '2026-11-22',
      '2026-11-21',
      '2026-11-20',
      '2026-11-19',
      '2026-11-18',
    ]);
  });

  it('moves its days with the calendar on a server that runs past midnight', () => {
    const submit = (today: string, date: string) =>
      dayLogSchema(today).safeParse({ idempotencyKey: KEY, date }).success;
    expect(submit(TODAY, '2026-11-26')).toBe(false);
    // The next day, tomorrow's log is today's, and the eighth day back is out of reach.
    expect(submit('2026-11-26', '2026-11-26')).toBe(true);
    expect(submit('2026-11-26', '2026-11-18')).toBe(false);
    // A request still on the day before, answered after midnight, keeps its own day's rules.
    expect(submit(TODAY, '2026-11-26')).toBe(false);
    expect(submit(TODAY, '2026-11-18')).toBe(true);
  });
});
