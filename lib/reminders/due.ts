import { isScheduledOn } from '../weekdays';
import { minutesOf, withinQuietHours, type LocalClock, type QuietHours } from './clock';
import type { ReminderKind, ReminderPreferences } from './kinds';

/**
 * Which reminders are due for one patient at one clinic-local moment. Pure: the scheduler
 * (db/reminder-scheduler.ts) reads the facts, this decides, the database's unique
 * (patient, date, kind) makes sure a decision is acted on once.
 */

/** The clinic's side of the rules (from lib/reminders/settings.ts). */
export interface ClinicReminderRules {
  /** Minutes after midnight of the evening nudge. */
  eveningMinutes: number;
  quietHours: QuietHours | null;
  /**
   * How late a reminder may still go out after its time, for a tick that came late (a restart, a
   * busy database) or a time the clock skipped on a daylight-saving night. Later than this it is
   * not sent: "time for your exercises" hours late is noise.
   */
  graceMinutes: number;
}

/** What the database knows of the patient on that clinic-local date. */
export interface PatientDay {
  preferences: ReminderPreferences | null;
  /** The weekdays (bits) of the programme in force that date's items; 0 without a programme. */
  programmeDaysMask: number;
  /** Discharged on or before that date. */
  discharged: boolean;
  /** A completion or a pain report for that date. */
  loggedThatDay: boolean;
  /** Kinds already recorded for that date, whatever became of them. */
  alreadyRecorded: readonly ReminderKind[];
}

export const DEFAULT_GRACE_MINUTES = 60;

function inWindow(now: number, at: number, grace: number): boolean {
  return now >= at && now < at + grace;
}

/** The days a patient's reminders go out on: their own choice, or their programme's days. */
export function reminderDaysMask(
  preferences: ReminderPreferences,
  programmeDaysMask: number,
): number {
  return preferences.daysMask ?? programmeDaysMask;
}

/**
 * The reminders due now, at most one (a late tick that finds both due sends only the evening one:
 * two messages a minute apart would be worse than one). Nothing when reminders are off or have no
 * channel, after discharge, on a day with no exercises or not chosen, once something was logged
 * that day (both kinds: a patient who has done their exercises is not told to do them), inside
 * quiet hours, or when that kind was already recorded for the date; so never more than two a day.
 */
export function dueReminders(
  clock: LocalClock,
  rules: ClinicReminderRules,
  day: PatientDay,
): ReminderKind[] {
  const preferences = day.preferences;
  if (!preferences?.enabled || !(preferences.push || preferences.email)) return [];
  if (day.discharged || day.loggedThatDay) return [];
  if (!isScheduledOn(day.programmeDaysMask, clock.weekday)) return [];
  if (!isScheduledOn(reminderDaysMask(preferences, day.programmeDaysMask), clock.weekday))
    return [];
  if (withinQuietHours(clock.minutes, rules.quietHours)) return [];
  const daily = minutesOf(preferences.dailyTime);
  const eveningDue =
    preferences.eveningNudge &&
    daily < rules.eveningMinutes &&
    !day.alreadyRecorded.includes('evening') &&
    inWindow(clock.minutes, rules.eveningMinutes, rules.graceMinutes);
  if (eveningDue) return ['evening'];
  const dailyDue =
    !day.alreadyRecorded.includes('daily') &&
    inWindow(clock.minutes, daily, rules.graceMinutes) &&
    // Past the evening nudge's time the day's reminder is the nudge's to give.
    !(
      preferences.eveningNudge &&
      daily < rules.eveningMinutes &&
      clock.minutes >= rules.eveningMinutes
    );
  return dailyDue ? ['daily'] : [];
}
