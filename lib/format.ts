import type { IsoDate } from './dates';

/** "Mon 3 Nov 2026": unambiguous for readers on either side of the Atlantic. */
export function formatDate(date: IsoDate): string {
  return new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));
}

export function formatDose(item: {
  sets: number;
  reps: number;
  holdSeconds: number | null;
}): string {
  const base = `${item.sets} × ${item.reps}`;
  return item.holdSeconds ? `${base}, hold ${item.holdSeconds} s` : base;
}
