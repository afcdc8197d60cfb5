import { z } from 'zod';
import { hasNoControlCharacters } from '@/lib/validation/text';

/**
 * The data model of an outcome measure (a PROM). A definition is plain data: shipped instruments
 * (lib/outcome-measures/instruments) and clinic-added ones (an admin's JSON file, see import.ts)
 * share this one schema, and the pure functions in scoring.ts and change.ts read it.
 *
 * A definition is identified by id + version and never changes once published: a stored
 * questionnaire keeps the version it was answered on and is scored with that version, so editing a
 * questionnaire means publishing a new version, never re-scoring old answers.
 */

/** A type error says "is required" when the field is missing, the given message otherwise. */
const typeError = (message: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : message),
});

const text = (max: number) =>
  z
    .string(typeError('must be text'))
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `can be at most ${max} characters` })
    .refine(hasNoControlCharacters, { error: 'contains a hidden control character' });

const wholeNumber = z
  .number(typeError('must be a number'))
  .int({ error: 'must be a whole number' });

/** Lower-case letters, digits and dashes or underscores: safe in URLs, CSV columns and FHIR ids. */
export const instrumentIdSchema = z
  .string(typeError('must be text'))
  .regex(/^[a-z][a-z0-9_-]{1,39}$/, {
    error: 'must be 2–40 lower-case letters, digits, "-" or "_", starting with a letter',
  });

const itemIdSchema = z.string(typeError('must be text')).regex(/^[A-Za-z0-9_-]{1,40}$/, {
  error: 'must be 1–40 letters, digits, "-" or "_"',
});

export const answerOptionSchema = z.strictObject({
  label: text(200),
  value: wholeNumber.min(-1000, { error: 'must be at least -1000' }).max(1000, {
    error: 'must be at most 1000',
  }),
});

/** One question answered by picking one of its options; the option's value is what is summed. */
export const choiceItemSchema = z.strictObject({
  type: z.literal('choice'),
  id: itemIdSchema,
  text: text(500),
  options: z
    .array(answerOptionSchema)
    .min(2, { error: 'needs at least two answer options' })
    .max(20, {
      error: 'can have at most 20 answer options',
    }),
  required: z.boolean(typeError('must be true or false')).default(true),
});

/**
 * A number on a scale (0–10 for PSFS). With `namedByPatient` the patient names the activity being
 * rated the first time (PSFS: "up to five activities you find hard") and rates the same one later.
 */
export const ratingItemSchema = z
  .strictObject({
    type: z.literal('rating'),
    id: itemIdSchema,
    text: text(500),
    min: wholeNumber,
    max: wholeNumber,
    minLabel: text(200),
    maxLabel: text(200),
    namedByPatient: z.boolean(typeError('must be true or false')).default(false),
    required: z.boolean(typeError('must be true or false')).default(true),
  })
  .refine((item) => item.max > item.min, { error: 'must be more than min', path: ['max'] });

export const itemSchema = z.discriminatedUnion('type', [choiceItemSchema, ratingItemSchema], {
  error: 'type must be "choice" or "rating"',
});

const rangeSchema = z
  .strictObject({
    min: z.number(typeError('must be a number')).optional(),
    max: z.number(typeError('must be a number')).optional(),
  })
  .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, {
    error: 'min must not be more than max',
  });

/**
 * A labelled range of the score (and optionally of subscales). Bands are tried in order and the
 * first that matches is the result; a band with no conditions matches everything (a catch-all).
 */
export const bandSchema = z.strictObject({
  id: itemIdSchema,
  label: text(120),
  /** What the band means for the patient's care, in plain words. */
  meaning: text(1000).optional(),
  min: z.number(typeError('must be a number')).optional(),
  max: z.number(typeError('must be a number')).optional(),
  subscales: z.record(z.string(), rangeSchema).optional(),
});

export const subscaleSchema = z.strictObject({
  id: itemIdSchema,
  name: text(120),
  /** The items summed into the subscale, by id. */
  items: z.array(itemIdSchema).min(1, { error: 'needs at least one item' }),
});

export const scoringSchema = z.strictObject({
  /** `sum` of the answered items' values, or their `mean` (PSFS). */
  method: z.enum(['sum', 'mean'], { error: 'must be "sum" or "mean"' }),
  /** A linear scale applied to the sum or mean: ODI is sum ÷ 50 × 100. */
  scale: z
    .strictObject({
      divideBy: z.number(typeError('must be a number')).positive({ error: 'must be more than 0' }),
      multiplyBy: z
        .number(typeError('must be a number'))
        .positive({ error: 'must be more than 0' }),
    })
    .optional(),
  /** Round the final score to this many decimals (none: keep it exact). */
  decimals: wholeNumber
    .min(0, { error: 'must be 0 or more' })
    .max(4, { error: 'must be 4 or less' })
    .optional(),
  subscales: z
    .array(subscaleSchema)
    .max(10, { error: 'can have at most 10 subscales' })
    .default([]),
  bands: z.array(bandSchema).max(10, { error: 'can have at most 10 bands' }).default([]),
});

const thresholdSchema = z
  .strictObject({
    /** Change in score points that counts as important. */
    points: z
      .number(typeError('must be a number'))
      .positive({ error: 'must be more than 0' })
      .optional(),
    /** Change as a percentage of the baseline score that counts as important. */
    percent: z
      .number(typeError('must be a number'))
      .positive({ error: 'must be more than 0' })
      .max(100, { error: 'must be at most 100' })
      .optional(),
  })
  .refine((t) => t.points !== undefined || t.percent !== undefined, {
    error: 'needs points, percent or both',
  });

/**
 * What counts as a clinically important change from baseline. With both points and percent, either
 * one reached counts (RMDQ: 5 points or 30 %). Worsening uses `worsening` when given, otherwise the
 * improvement thresholds in the other direction.
 */
export const changeSchema = z.strictObject({
  direction: z.enum(['higher_is_better', 'lower_is_better'], {
    error: 'must be "higher_is_better" or "lower_is_better"',
  }),
  improvement: thresholdSchema,
  worsening: thresholdSchema.optional(),
  /** Where the thresholds come from, cited exactly. */
  source: text(1000),
});

export const definitionSchema = z.strictObject({
  id: instrumentIdSchema,
  version: wholeNumber.min(1, { error: 'must be 1 or more' }),
  name: text(200),
  /** The copyright notice shown on the form, word for word. */
  copyright: text(1000),
  /** The terms under which the clinic uses it. */
  licence: text(1000),
  citation: text(1000),
  instructions: text(2000).optional(),
  items: z.array(itemSchema).min(1, { error: 'needs at least one item' }).max(100, {
    error: 'can have at most 100 items',
  }),
  scoring: scoringSchema,
  change: changeSchema.optional(),
});

export type AnswerOption = z.infer<typeof answerOptionSchema>;
export type ChoiceItem = z.infer<typeof choiceItemSchema>;
export type RatingItem = z.infer<typeof ratingItemSchema>;
export type Item = z.infer<typeof itemSchema>;
export type Band = z.infer<typeof bandSchema>;
export type Subscale = z.infer<typeof subscaleSchema>;
export type Scoring = z.infer<typeof scoringSchema>;
export type ChangeRule = z.infer<typeof changeSchema>;
export type Definition = z.infer<typeof definitionSchema>;
/** A definition as written in a file or in code, before defaults are filled in. */
export type DefinitionInput = z.input<typeof definitionSchema>;

/** The key a definition is stored and looked up by: `psfs@1`. */
export const definitionKey = (d: { id: string; version: number }) => `${d.id}@${d.version}`;
