import { dateInZone, type IsoDate } from './dates';
import { env } from './env';

/** Today's calendar date in the clinic's time zone (APP_TIMEZONE). */
export function clinicToday(now: Date = new Date()): IsoDate {
  return dateInZone(now, env().APP_TIMEZONE);
}
