import { z } from 'zod';
import { EARLIEST_DATE, LATEST_DATE, isDateInRange } from '@/lib/date-range';
import { isIsoDate, type IsoDate } from '@/lib/dates';

export { EARLIEST_DATE, LATEST_DATE, isDateInRange };

interface DateMessages {
  /** Not a calendar date written as YYYY-MM-DD. */
  format: string;
  /** Before 1900-01-01 or after 2100-12-31. */
  range: string;
}

/** The default wording, naming the field the way its form or query string does. */
export function dateMessages(label: string): DateMessages {
  return {
    format: `${label} must be a date as YYYY-MM-DD.`,
    range: `${label} must be between ${EARLIEST_DATE} and ${LATEST_DATE}.`,
  };
}

/** A required calendar date as YYYY-MM-DD, within 1900-01-01 … 2100-12-31. */
export function calendarDate(messages: DateMessages) {
  return z
    .string(messages.format)
    .trim()
    .refine(isIsoDate, { message: messages.format, abort: true })
    .refine(isDateInRange, { message: messages.range, abort: true });
}

/** The same, where an empty or missing value means "no date" (undefined). */
export function optionalCalendarDate(messages: DateMessages) {
  return z
    .string(messages.format)
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .pipe(calendarDate(messages).optional());
}

/**
 * An optional date of birth: empty means unknown (null); otherwise a real date from 1900-01-01 up
 * to today (a function, read when the form is checked, so the bound moves with the calendar).
 */
export function optionalDateOfBirth(today: () => IsoDate) {
  const messages = {
    format: 'Enter the date of birth as a date, e.g. 1980-04-23.',
    range: 'The date of birth is too far in the past.',
    future: 'The date of birth cannot be in the future.',
  };
  return z
    .string(messages.format)
    .trim()
    .default('')
    .refine((v) => v === '' || isIsoDate(v), { message: messages.format, abort: true })
    .refine((v) => v === '' || v >= EARLIEST_DATE, { message: messages.range, abort: true })
    .refine((v) => v === '' || v <= today(), { message: messages.future, abort: true })
    .transform((v): IsoDate | null => (v === '' ? null : v));
}
