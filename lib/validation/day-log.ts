import { z } from 'zod';
import { addDays, isIsoDate, type IsoDate } from '@/lib/dates';
import { idempotencyKeySchema } from './idempotency-key';
import { PAIN_NOTE_MAX } from '@/lib/pain-scale';
import { schemaPerDay } from './per-day';
import { CONTROL_CHARACTER_MESSAGE, hasNoControlCharacters } from './text';

/** How far back a patient may log: today and the 7 days before it. */
export const LOG_DAYS_BACK = 7;

/** More exercises than any programme holds; bounds the work one save can ask for. */
export const DAY_LOG_EXERCISES_MAX = 50;

/** The largest JSON body `POST /api/patient/day-log` reads; a real save is a few hundred bytes. */
export const DAY_LOG_BODY_LIMIT = 32 * 1024;

/** The dates a patient may log for, newest first. */
export function loggableDates(today: IsoDate): IsoDate[] {
  return Array.from({ length: LOG_DAYS_BACK + 1 }, (_, i) => addDays(today, -i));
}

const CHANGE_MESSAGE = 'Mark an exercise done or undo it, up to three times a day.';

const exerciseChange = z.object({
  exerciseId: z.uuid('This form is out of date. Reload the page and try again.'),
  change: z.coerce
    .number(CHANGE_MESSAGE)
    .int(CHANGE_MESSAGE)
    .min(-3, CHANGE_MESSAGE)
    .max(3, CHANGE_MESSAGE),
});

/** An absent field, and the form's empty one, mean "not changed on this screen". */
const unchanged = (v: unknown) => (v === '' || v === null ? undefined : v);

/**
 * One save of a day's log, as changes relative to what the patient's screen showed (see
 * lib/day-log.ts): sessions added or undone per exercise, and the pain score and the note only
 * when the patient changed them. The form's server action and the JSON endpoint both use it.
 */
export const dayLogSchema = schemaPerDay((today: IsoDate) =>
  z.object({
    idempotencyKey: idempotencyKeySchema,
    date: z
      .string('Choose a day.')
      .refine(isIsoDate, 'Choose a day.')
      .refine((d) => d <= today, 'You cannot log for a day that has not happened yet.')
      .refine(
        (d) => d >= addDays(today, -LOG_DAYS_BACK),
        `You can log for today and the ${LOG_DAYS_BACK} days before it.`,
      ),
    exercises: z
      .record(z.uuid('This form is out of date. Reload the page and try again.'), exerciseChange)
      .refine(
        (record) => Object.keys(record).length <= DAY_LOG_EXERCISES_MAX,
        'That is more exercises than any programme has.',
      )
      .default({}),
    pain: z.preprocess(
      (v) => (typeof v === 'string' ? unchanged(v.trim()) : unchanged(v)),
      z.coerce
        .number('Choose a pain score from 0 to 10.')
        .int('Choose a whole number from 0 to 10.')
        .min(0, 'Choose a pain score from 0 to 10.')
        .max(10, 'Choose a pain score from 0 to 10.')
        .optional(),
    ),
    note: z.preprocess(
      (v) => (v === null ? undefined : v),
      z
        .string('Write the note as text.')
        .trim()
        .max(
          PAIN_NOTE_MAX,
          `Your note can be at most ${PAIN_NOTE_MAX.toLocaleString('en-GB')} characters.`,
        )
        .refine(hasNoControlCharacters, CONTROL_CHARACTER_MESSAGE)
        .optional(),
    ),
  }),
);

export type DayLogInput = z.infer<ReturnType<typeof dayLogSchema>>;

/**
 * Form fields `exercises.<itemId>.exerciseId` and `exercises.<itemId>.change` become the
 * `exercises` record the schema expects; a field the form did not send stays absent.
 */
export function dayLogFromForm(entries: Record<string, unknown>): Record<string, unknown> {
  // Maps, not objects, while collecting: a field named `exercises.__proto__.change` stays data.
  const exercises = new Map<string, Map<string, unknown>>();
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entries)) {
    const match = /^exercises\.([^.]+)\.(exerciseId|change)$/.exec(key);
    if (!match) rest[key] = value;
    else {
      const fields = exercises.get(match[1]!) ?? new Map<string, unknown>();
      exercises.set(match[1]!, fields.set(match[2]!, value));
    }
  }
  return {
    ...rest,
    exercises: Object.fromEntries(
      [...exercises].map(([itemId, fields]) => [itemId, Object.fromEntries(fields)]),
    ),
  };
}
