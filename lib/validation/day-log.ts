import { z } from 'zod';
import { addDays, isIsoDate, type IsoDate } from '@/lib/dates';
import { PAIN_NOTE_MAX } from '@/lib/pain-scale';

/** How far back a patient may log: today and the 7 days before it. */
export const LOG_DAYS_BACK = 7;

/** The dates a patient may log for, newest first. */
export function loggableDates(today: IsoDate): IsoDate[] {
  return Array.from({ length: LOG_DAYS_BACK + 1 }, (_, i) => addDays(today, -i));
}

/**
 * One save of a day's log: how many sessions of each exercise are done, the pain score and note.
 * It states the day as it should be (not a change), so a replay cannot double anything.
 */
export const dayLogSchema = (today: IsoDate) =>
  z
    .object({
      idempotencyKey: z.uuid('This form is out of date. Reload the page and try again.'),
      date: z
        .string()
        .refine(isIsoDate, 'Choose a day.')
        .refine((d) => d <= today, 'You cannot log for a day that has not happened yet.')
        .refine(
          (d) => d >= addDays(today, -LOG_DAYS_BACK),
          `You can log for today and the ${LOG_DAYS_BACK} days before it.`,
        ),
      done: z
        .record(
          z.uuid(),
          z.coerce
            .number('Choose how many times you did it.')
            .int('Choose how many times you did it.')
            .min(0, 'Choose how many times you did it.')
            .max(3, 'That is more often than any exercise is prescribed.'),
        )
        .default({}),
      pain: z.preprocess(
        (v) => (v === '' || v === undefined ? null : v),
        z.coerce
          .number('Choose a pain score from 0 to 10.')
          .int('Choose a whole number from 0 to 10.')
          .min(0, 'Choose a pain score from 0 to 10.')
          .max(10, 'Choose a pain score from 0 to 10.')
          .nullable(),
      ),
      note: z
        .string()
        .trim()
        .max(
          PAIN_NOTE_MAX,
          `Your note can be at most ${PAIN_NOTE_MAX.toLocaleString('en-GB')} characters.`,
        )
        .default(''),
    })
    .refine((v) => v.pain !== null || v.note === '', {
      message: 'Choose a pain score to save a note with it.',
      path: ['pain'],
    });

export type DayLogInput = z.infer<ReturnType<typeof dayLogSchema>>;

/** Form fields `done.<itemId>` become the `done` record the schema expects. */
export function dayLogFromForm(entries: Record<string, unknown>): Record<string, unknown> {
  const done: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entries)) {
    if (key.startsWith('done.')) done[key.slice(5)] = value;
    else rest[key] = value;
  }
  return { ...rest, done };
}
