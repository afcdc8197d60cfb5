/** Routine items store their weekdays as bits: Monday = 1, Tuesday = 2, … Sunday = 64. */
export const EVERY_DAY = 127;

export const WEEKDAY_NAMES = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
] as const;

export function maskFromWeekdays(isoWeekdays: readonly number[]): number {
  return isoWeekdays.reduce((mask, day) => mask | (1 << (day - 1)), 0);
}

export function isScheduledOn(mask: number, isoWeekday: number): boolean {
  return (mask & (1 << (isoWeekday - 1))) !== 0;
}

export function describeWeekdays(mask: number): string {
  if (mask === EVERY_DAY) return 'Every day';
  const days = WEEKDAY_NAMES.filter((_, i) => isScheduledOn(mask, i + 1));
  return days.map((d) => d.slice(0, 3)).join(', ');
}
