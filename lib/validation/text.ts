import { z } from 'zod';

/**
 * Control characters nobody types: C0 controls other than tab and line breaks, and DEL. PostgreSQL
 * refuses NUL in text outright, and the rest only ever arrive by accident (a paste from another
 * program) or on purpose; either way they are refused with a message rather than stored.
 */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export const CONTROL_CHARACTER_MESSAGE =
  'This text contains a hidden control character (often from a paste). Remove it and try again.';

export function hasNoControlCharacters(value: string): boolean {
  return !CONTROL_CHARACTER.test(value);
}

/** A string that is refused, with the message above, when it holds a control character. */
export function typedText(message?: string) {
  return z.string(message).refine(hasNoControlCharacters, CONTROL_CHARACTER_MESSAGE);
}

/**
 * A search or name filter as it arrives in a URL: trimmed, at most 100 characters, and dropped
 * (undefined) when empty or malformed rather than refused, so an edited address still shows a list.
 */
export const searchFilterText = z
  .string()
  .trim()
  .max(100)
  .refine(hasNoControlCharacters)
  .optional()
  .transform((v) => v || undefined)
  .catch(undefined);
