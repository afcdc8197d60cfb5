import { z } from 'zod';
import { DOSE_LIMITS } from '@/lib/routine-limits';

// The limits live in a zod-free module the builder can import; the schemas' users read them here.
export { DOSE_LIMITS };

export const DOSE_MESSAGES = {
  sets: `Sets must be a whole number from ${DOSE_LIMITS.sets.min} to ${DOSE_LIMITS.sets.max}.`,
  reps: `Reps must be a whole number from ${DOSE_LIMITS.reps.min} to ${DOSE_LIMITS.reps.max}.`,
  holdSeconds: `Hold must be a whole number of seconds from ${DOSE_LIMITS.holdSeconds.min} to ${DOSE_LIMITS.holdSeconds.max}, or left empty.`,
} as const;

const WHOLE_NUMBER = /^\d{1,6}$/;

function isWholeNumberBetween(value: string, min: number, max: number): boolean {
  if (!WHOLE_NUMBER.test(value)) return false;
  const n = Number(value);
  return n >= min && n <= max;
}

/**
 * A whole number in a range, given as a number (JSON) or as the text typed into a field:
 * "3.5", "", "abc", "1e1", -1 and 2.5 are all refused with the same message.
 */
export function wholeNumber(range: { min: number; max: number }, message: string) {
  return z
    .union([z.number(), z.string()], { error: message })
    .transform((v) => String(v).trim())
    .refine((v) => isWholeNumberBetween(v, range.min, range.max), message)
    .transform(Number);
}

/** The same, but empty (null, absent or blank) means "none". */
export function optionalWholeNumber(range: { min: number; max: number }, message: string) {
  return z
    .union([z.number(), z.string(), z.null()], { error: message })
    .optional()
    .transform((v) => (v === null || v === undefined ? '' : String(v).trim()))
    .refine((v) => v === '' || isWholeNumberBetween(v, range.min, range.max), message)
    .transform((v) => (v === '' ? null : Number(v)));
}
