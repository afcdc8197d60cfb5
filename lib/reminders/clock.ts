/**
 * Times of day as minutes after midnight, clinic-local. HH:MM strings are what forms and env
 * variables hold; minutes are what the rules compare.
 */

export const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isTimeOfDay(value: string): boolean {
  return TIME_OF_DAY.test(value);
}

/** "18:00" → 1080. Throws on anything else: callers validate first. */
export function minutesOf(time: string): number {
  const match = TIME_OF_DAY.exec(time);
  if (!match) throw new Error(`not a time of day (HH:MM): ${time}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

export function timeOfDay(minutes: number): string {
  const h = Math.floor(minutes / 60) % 24;
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** A span of the clock that may run past midnight (21:30–07:30); end excluded. */
export interface QuietHours {
  start: number;
  end: number;
}

/** "21:30-07:30" → span; "none" → null (no quiet hours). Throws on anything else. */
export function parseQuietHours(value: string): QuietHours | null {
  if (value.trim().toLowerCase() === 'none') return null;
  const [start, end, ...rest] = value.split('-').map((part) => part.trim());
  if (!start || !end || rest.length > 0 || !isTimeOfDay(start) || !isTimeOfDay(end)) {
    throw new Error(`not quiet hours (HH:MM-HH:MM or none): ${value}`);
  }
  return { start: minutesOf(start), end: minutesOf(end) };
}

export function isQuietHoursValue(value: string): boolean {
  try {
    parseQuietHours(value);
    return true;
  } catch {
    return false;
  }
}

export function withinQuietHours(minutes: number, quiet: QuietHours | null): boolean {
  if (!quiet || quiet.start === quiet.end) return false;
  return quiet.start < quiet.end
    ? minutes >= quiet.start && minutes < quiet.end
    : minutes >= quiet.start || minutes < quiet.end;
}

/** The clinic-local calendar date, ISO weekday and minute of the day of an instant. */
export interface LocalClock {
  date: string;
  weekday: number;
  minutes: number;
}

export function localClock(instant: Date, timeZone: string): LocalClock {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    weekday: 'short',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? '';
  const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  return {
    date: `${part('year')}-${part('month')}-${part('day')}`,
    weekday: weekdays.indexOf(part('weekday')) + 1,
    minutes: Number(part('hour')) * 60 + Number(part('minute')),
  };
}
