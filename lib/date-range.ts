import type { IsoDate } from './dates';

/**
 * The calendar dates Adhere accepts from anyone, anywhere: a person's lifetime and a clinic's
 * records fit, and nothing outside can reach date arithmetic or SQL (year 9999 plus a week is not
 * a date JavaScript can print as YYYY-MM-DD, and PostgreSQL refuses what comes out instead).
 * Plain constants, so that a form's date input can carry them as `min`/`max` without bringing the
 * validation code to the browser.
 */
export const EARLIEST_DATE: IsoDate = '1900-01-01';
export const LATEST_DATE: IsoDate = '2100-12-31';

export function isDateInRange(date: IsoDate): boolean {
  return date >= EARLIEST_DATE && date <= LATEST_DATE;
}
