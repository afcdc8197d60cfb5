import { describe, expect, it } from 'vitest';
import { dayLogFromForm, dayLogSchema, loggableDates } from '@/lib/validation/day-log';

const TODAY = '2026-11-25';
const KEY = '6f1c7e0e-2d7a-4c1b-9a51-1d2b3c4d5e6f';
const ITEM = '0b9d5a8e-4c3f-4e21-8a7b-9c0d1e2f3a4b';
const schema = dayLogSchema(TODAY);

function errors(form: Record<string, string>) {
  const result = schema.safeParse(dayLogFromForm({ idempotencyKey: KEY, date: TODAY, ...form }));
  return Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));
}

describe('a day log submission', () => {
  it('accepts a day with exercises, pain and a note', () => {
    const parsed = schema.parse(
      dayLogFromForm({
        idempotencyKey: KEY,
        date: TODAY,
        [`done.${ITEM}`]: '2',
        pain: '6',
        note: ' sore ',
      }),
    );
    expect(parsed).toEqual({
      idempotencyKey: KEY,
      date: TODAY,
      done: { [ITEM]: 2 },
      pain: 6,
      note: 'sore',
    });
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

  it('needs a pain score for a note, and a valid key', () => {
    expect(errors({ note: 'hello' })).toEqual({
      pain: 'Choose a pain score to save a note with it.',
    });
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
});
