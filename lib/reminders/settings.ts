import { env, type Env } from '../env';
import { minutesOf, parseQuietHours, timeOfDay, type QuietHours } from './clock';
import { DEFAULT_GRACE_MINUTES, type ClinicReminderRules } from './due';

/** The clinic's reminder defaults, from REMINDER_* (validated in lib/env.ts). */
export interface ClinicReminderSettings extends ClinicReminderRules {
  timeZone: string;
  /** HH:MM offered to a patient who has not chosen a time. */
  defaultTime: string;
  eveningTime: string;
}

export function clinicReminderSettings(config: Env = env()): ClinicReminderSettings {
  return {
    timeZone: config.APP_TIMEZONE,
    defaultTime: config.REMINDER_DEFAULT_TIME,
    eveningTime: config.REMINDER_EVENING_TIME,
    eveningMinutes: minutesOf(config.REMINDER_EVENING_TIME),
    quietHours: parseQuietHours(config.REMINDER_QUIET_HOURS),
    graceMinutes: DEFAULT_GRACE_MINUTES,
  };
}

/** "21:30 to 07:30", as the settings page and its messages say it. */
export function describeQuietHours(quiet: QuietHours | null): string | null {
  return quiet ? `${timeOfDay(quiet.start)} to ${timeOfDay(quiet.end)}` : null;
}
