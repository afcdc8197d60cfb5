import type { IsoDate } from '@/lib/dates';
import { MONTHS } from '@/lib/format';

/*
 * How the progress chart and the weekly table write a week and its numbers, so that the two
 * alternatives read the same. Month names are spelled out rather than asked of Intl: the server's
 * and the browser's ICU data can disagree ("Sep" or "Sept"), and these strings are rendered on
 * both sides of hydration.
 */

// Always one decimal, as the metrics are defined, so that a column of numbers lines up.
const oneDecimal = new Intl.NumberFormat('en-GB', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

function parts(date: IsoDate): { day: number; month: string; year: string } {
  const [year = '', month = '', day = ''] = date.split('-');
  return { day: Number(day), month: MONTHS[Number(month) - 1] ?? '', year };
}

/** "3 Nov": an axis tick. */
export function formatDayMonth(date: IsoDate): string {
  const { day, month } = parts(date);
  return `${day} ${month}`;
}

/** "3 Nov 2026": a week's Monday where the year matters. */
export function formatShortDate(date: IsoDate): string {
  const { day, month, year } = parts(date);
  return `${day} ${month} ${year}`;
}

/** "85.7%", "100.0%" (values are already rounded to one decimal by the metrics). */
export function formatPercent(value: number): string {
  return `${oneDecimal.format(value)}%`;
}

/** "3.4", "7.0" on the 0–10 scale. */
export function formatPain(value: number): string {
  return oneDecimal.format(value);
}
