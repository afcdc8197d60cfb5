import { z } from 'zod';
import { isIsoDate, type IsoDate } from '@/lib/dates';
import { KEY_OUT_OF_DATE } from '@/lib/idempotency-key';
import { idempotencyKeySchema } from './idempotency-key';
import type { ItemDoseDraft } from '@/lib/routine-item';
import { ROUTINE_LIMITS } from '@/lib/routine-limits';
import { endDateProblem, startDateProblem, VERSION_MESSAGES } from '@/lib/routine-versions';
import { EVERY_DAY } from '@/lib/weekdays';
import { DOSE_MESSAGES, optionalWholeNumber, wholeNumber } from './dose';
import { CONTROL_CHARACTER_MESSAGE, hasNoControlCharacters } from './text';

// The limits live in a zod-free module the builder can import; the schemas' users read them here.
export { ROUTINE_LIMITS };

export const ROUTINE_MESSAGES = {
  title: 'Give the routine a title.',
  titleTooLong: `Keep the title to ${ROUTINE_LIMITS.title} characters or fewer.`,
  startDateMissing: 'Enter the start date.',
  startDate: 'Enter the start date as a date, e.g. 2026-03-14.',
  startTooEarly: VERSION_MESSAGES.startTooEarly,
  startInFuture: VERSION_MESSAGES.startInFuture,
  endDate: 'Enter the end date as a date, e.g. 2026-05-30, or leave it empty.',
  endInPast: VERSION_MESSAGES.endInPast,
  endBeforeStart: VERSION_MESSAGES.endBeforeStart,
  endTooLate: VERSION_MESSAGES.endTooLate,
  itemsMissing: 'Add at least one exercise.',
  itemsTooMany: `A routine can have at most ${ROUTINE_LIMITS.items.max} exercises.`,
  itemsUnreadable: 'The list of exercises could not be read. Reload the page and try again.',
  exercise: 'Choose an exercise from the library.',
  ...DOSE_MESSAGES,
  days: 'Choose at least one day.',
  timesPerDay: 'Times per day must be 1, 2 or 3.',
  noteTooLong: `Keep the note to ${ROUTINE_LIMITS.note} characters or fewer.`,
  patient: 'This patient was not found.',
  expired: KEY_OUT_OF_DATE,
  routineEnd: 'Enter the last day of the routine as a date, e.g. 2026-05-30.',
} as const;

/** Text from a textarea: CRLF counted and stored as one character, trimmed. */
function text(max: number, tooLong: string) {
  return z
    .string({ error: tooLong })
    .optional()
    .transform((v) => (v ?? '').replace(/\r\n?/g, '\n').trim())
    .pipe(z.string().max(max, tooLong).refine(hasNoControlCharacters, CONTROL_CHARACTER_MESSAGE));
}

/** One exercise of a programme with its dose and schedule. */
export const routineItemSchema = z.object({
  exerciseId: z.guid({ error: ROUTINE_MESSAGES.exercise }),
  sets: wholeNumber(ROUTINE_LIMITS.sets, ROUTINE_MESSAGES.sets),
  reps: wholeNumber(ROUTINE_LIMITS.reps, ROUTINE_MESSAGES.reps),
  holdSeconds: optionalWholeNumber(ROUTINE_LIMITS.holdSeconds, ROUTINE_MESSAGES.holdSeconds),
  // ISO weekdays as bits (lib/weekdays): Monday = 1 … Sunday = 64; none chosen is 0.
  daysMask: wholeNumber({ min: 0, max: EVERY_DAY }, ROUTINE_MESSAGES.days).refine(
    (mask) => mask > 0,
    ROUTINE_MESSAGES.days,
  ),
  timesPerDay: wholeNumber(ROUTINE_LIMITS.timesPerDay, ROUTINE_MESSAGES.timesPerDay),
  note: text(ROUTINE_LIMITS.note, ROUTINE_MESSAGES.noteTooLong),
});

const itemListSchema = z
  .array(routineItemSchema, { error: ROUTINE_MESSAGES.itemsUnreadable })
  .min(ROUTINE_LIMITS.items.min, ROUTINE_MESSAGES.itemsMissing)
  .max(ROUTINE_LIMITS.items.max, ROUTINE_MESSAGES.itemsTooMany);

/** The item list as the builder submits it: one hidden field holding JSON. */
const itemListJsonSchema = z
  .string({ error: ROUTINE_MESSAGES.itemsMissing })
  .max(ROUTINE_LIMITS.itemsJson, ROUTINE_MESSAGES.itemsTooMany)
  .transform((json, ctx): unknown => {
    try {
      return JSON.parse(json);
    } catch {
      ctx.addIssue({ code: 'custom', message: ROUTINE_MESSAGES.itemsUnreadable });
      return z.NEVER;
    }
  })
  .pipe(itemListSchema);

/**
 * `today` is read when a value is parsed, so one schema serves a server that runs for days. The
 * date rules are lib/routine-versions.ts's; whether a start date meets the patient's other versions
 * is for the data layer, which has them.
 */
function headerFields(today: () => IsoDate) {
  return {
    title: z
      .string({ error: ROUTINE_MESSAGES.title })
      .trim()
      .min(1, ROUTINE_MESSAGES.title)
      .max(ROUTINE_LIMITS.title, ROUTINE_MESSAGES.titleTooLong)
      .refine(hasNoControlCharacters, CONTROL_CHARACTER_MESSAGE),
    startDate: z
      .string({ error: ROUTINE_MESSAGES.startDate })
      .trim()
      .min(1, { message: ROUTINE_MESSAGES.startDateMissing, abort: true })
      .refine(isIsoDate, { message: ROUTINE_MESSAGES.startDate, abort: true })
      .superRefine((d, ctx) => {
        const problem = startDateProblem(d, today());
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    endDate: z
      .union([z.string(), z.null()], { error: ROUTINE_MESSAGES.endDate })
      .optional()
      .transform((v) => v?.trim() ?? '')
      .refine((v) => v === '' || isIsoDate(v), ROUTINE_MESSAGES.endDate)
      .transform((v) => (v === '' ? null : v)),
  };
}

type Header = { startDate: IsoDate; endDate: IsoDate | null };

/** Checks that need both dates, run once each date is valid on its own. */
function checkDateOrder<T extends z.ZodType<Header>>(schema: T, today: () => IsoDate): T {
  // Zod skips a refinement while any field has an issue; the order of the dates is worth saying at
  // once, so these run whenever both dates are themselves valid.
  const when = (payload: z.core.ParsePayload) => {
    const value = payload.value as Partial<Header> | undefined;
    return (
      typeof value?.startDate === 'string' &&
      (value.endDate === null || typeof value.endDate === 'string') &&
      !payload.issues.some((i) => i.path?.[0] === 'startDate' || i.path?.[0] === 'endDate')
    );
  };
  return schema.superRefine(
    (v, ctx) => {
      const problem = endDateProblem(v.startDate, v.endDate, today());
      if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['endDate'] });
    },
    { when },
  );
}

/**
 * A programme version as the data layer takes it: title, dates, items. Its output is valid input
 * again, so the data layer re-checks what an action already parsed at no cost.
 */
export function routineSchema(today: () => IsoDate) {
  return checkDateOrder(z.object({ ...headerFields(today), items: itemListSchema }), today);
}

export type RoutineInput = z.output<ReturnType<typeof routineSchema>>;
export type RoutineItemInput = z.output<typeof routineItemSchema>;

const formMeta = {
  patientId: z.guid({ error: ROUTINE_MESSAGES.patient }),
  idempotencyKey: idempotencyKeySchema,
};

/**
 * The builder's form: title, startDate, endDate, patientId and idempotencyKey as fields, the items
 * as one hidden field of JSON. Errors come out keyed by path (`items.0.sets`).
 */
export function routineFormSchema(today: () => IsoDate) {
  return checkDateOrder(
    z.object({ ...formMeta, ...headerFields(today), items: itemListJsonSchema }),
    today,
  ).transform(({ patientId, idempotencyKey, ...routine }) => ({
    patientId,
    idempotencyKey,
    routine,
  }));
}

/** "End programme": the last day it is in force (lib/routine-versions.ts `planEnd` decides). */
export const endRoutineFormSchema = z.object({
  patientId: formMeta.patientId,
  endDate: z
    .string({ error: ROUTINE_MESSAGES.routineEnd })
    .trim()
    .refine(isIsoDate, ROUTINE_MESSAGES.routineEnd),
});

/** What the builder sends for one item (numbers still as typed), before validation. */
export interface RoutineItemDraft extends ItemDoseDraft {
  exerciseId: string;
}
