import { isoWeekday, type IsoDate } from './dates';

// Spelled out rather than asked of Intl: Node's and browsers' locale data disagree ("Sep" or
// "Sept"), and these strings are rendered on both sides of hydration.
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
export const MONTHS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

/** "Mon 3 Nov 2026": unambiguous for readers on either side of the Atlantic. */
export function formatDate(date: IsoDate): string {
  const [year, month, day] = date.split('-');
  return `${WEEKDAYS[isoWeekday(date) - 1]} ${Number(day)} ${MONTHS[Number(month) - 1]} ${year}`;
}

export function formatDose(item: {
  sets: number;
  reps: number;
  holdSeconds: number | null;
}): string {
  const base = `${item.sets} × ${item.reps}`;
  return item.holdSeconds ? `${base}, hold ${item.holdSeconds} s` : base;
}
