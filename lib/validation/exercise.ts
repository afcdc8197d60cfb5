import { z } from 'zod';
import { BODY_REGIONS } from '@/lib/body-regions';
import { DOSE_LIMITS, DOSE_MESSAGES, optionalWholeNumber, wholeNumber } from './dose';
import { CONTROL_CHARACTER_MESSAGE, hasNoControlCharacters, searchFilterText } from './text';

/** The same limits as the `exercises` table's CHECK constraints. */
export const EXERCISE_LIMITS = {
  name: 120,
  instructions: 4000,
  ...DOSE_LIMITS,
  mediaUrl: 2000,
} as const;

export const EXERCISE_MESSAGES = {
  name: 'Enter a name.',
  nameTooLong: `Keep the name to ${EXERCISE_LIMITS.name} characters or fewer.`,
  bodyRegion: 'Choose a body region.',
  instructions: 'Write the instructions for the patient.',
  instructionsTooLong: 'Keep the instructions to 4,000 characters or fewer.',
  ...DOSE_MESSAGES,
  mediaUrl: 'Enter a web address starting with https://, or leave this empty.',
  mediaUrlTooLong: 'Keep the link to 2,000 characters or fewer.',
} as const;

function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname !== '' && !url.username && !url.password;
  } catch {
    return false;
  }
}

/**
 * An exercise as a physio writes it in the library form (FormData gives strings). The output is
 * ready for the database: trimmed text, Unix line endings, numbers, null for empty optional fields.
 */
export const exerciseFormSchema = z.object({
  name: z
    .string({ error: EXERCISE_MESSAGES.name })
    .trim()
    .min(1, EXERCISE_MESSAGES.name)
    .max(EXERCISE_LIMITS.name, EXERCISE_MESSAGES.nameTooLong)
    .refine(hasNoControlCharacters, CONTROL_CHARACTER_MESSAGE),
  bodyRegion: z.enum(BODY_REGIONS, { error: EXERCISE_MESSAGES.bodyRegion }),
  instructions: z
    .string({ error: EXERCISE_MESSAGES.instructions })
    // Browsers submit a textarea's line breaks as CRLF; count and store them as one character.
    .transform((v) => v.replace(/\r\n?/g, '\n').trim())
    .pipe(
      z
        .string()
        .min(1, EXERCISE_MESSAGES.instructions)
        .max(EXERCISE_LIMITS.instructions, EXERCISE_MESSAGES.instructionsTooLong)
        .refine(hasNoControlCharacters, CONTROL_CHARACTER_MESSAGE),
    ),
  defaultSets: wholeNumber(EXERCISE_LIMITS.sets, EXERCISE_MESSAGES.sets),
  defaultReps: wholeNumber(EXERCISE_LIMITS.reps, EXERCISE_MESSAGES.reps),
  defaultHoldSeconds: optionalWholeNumber(
    EXERCISE_LIMITS.holdSeconds,
    EXERCISE_MESSAGES.holdSeconds,
  ),
  mediaUrl: z
    .string({ error: EXERCISE_MESSAGES.mediaUrl })
    .optional()
    .transform((v) => v?.trim() ?? '')
    .refine((v) => v.length <= EXERCISE_LIMITS.mediaUrl, {
      message: EXERCISE_MESSAGES.mediaUrlTooLong,
      abort: true,
    })
    .refine((v) => v === '' || isHttpsUrl(v), EXERCISE_MESSAGES.mediaUrl)
    // Normalised ("HTTPS://Example.org" → "https://example.org/"), as the database expects.
    .transform((v) => (v === '' ? null : new URL(v).href)),
});

export type ExerciseInput = z.output<typeof exerciseFormSchema>;
/** The form's fields as typed (all strings), e.g. to fill the edit form. */
export type ExerciseFormValues = Record<keyof ExerciseInput, string>;

/**
 * The steps of an exercise's instructions, one per non-empty line, without the numbers or
 * bullets the author typed (the list numbers them again), so "1. Lie down\n2. Lift" → two steps.
 */
export function instructionSteps(instructions: string): string[] {
  return instructions
    .split(/\r\n?|\n/)
    .map((line) => line.trim().replace(/^(?:\d{1,3}[.)]|[-*•])\s+/, ''))
    .filter((line) => line !== '');
}

/** The library's filters as they appear in the URL (unknown or malformed values are dropped). */
export const exerciseFiltersSchema = z.object({
  search: searchFilterText,
  region: z.enum(BODY_REGIONS).optional().catch(undefined),
  archived: z
    .literal('show')
    .optional()
    .catch(undefined)
    .transform((v) => v === 'show'),
});

export type ExerciseFilters = z.output<typeof exerciseFiltersSchema>;

/** A new exercise's form, with a typical starting dose. */
export const EMPTY_EXERCISE_VALUES: ExerciseFormValues = {
  name: '',
  bodyRegion: '',
  instructions: '',
  defaultSets: '2',
  defaultReps: '10',
  defaultHoldSeconds: '',
  mediaUrl: '',
};

/** An exercise as its form shows it, to edit it or to start a copy. */
export function exerciseFormValues(exercise: {
  name: string;
  bodyRegion: string;
  instructions: string;
  defaultSets: number;
  defaultReps: number;
  defaultHoldSeconds: number | null;
  mediaUrl: string | null;
}): ExerciseFormValues {
  return {
    name: exercise.name,
    bodyRegion: exercise.bodyRegion,
    instructions: exercise.instructions,
    defaultSets: String(exercise.defaultSets),
    defaultReps: String(exercise.defaultReps),
    defaultHoldSeconds:
      exercise.defaultHoldSeconds === null ? '' : String(exercise.defaultHoldSeconds),
    mediaUrl: exercise.mediaUrl ?? '',
  };
}
