/**
 * The words of reminders, as `as const` lists db/schema.ts builds its enums from. Free of any
 * framework or validation code: the settings page and the scheduler share them.
 */

/** The daily reminder at the patient's time, and the gentler evening nudge when nothing was logged. */
export const REMINDER_KINDS = ['daily', 'evening'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** How one send reached the patient. */
export const REMINDER_CHANNELS = ['push', 'email', 'push_and_email'] as const;
export type ReminderChannel = (typeof REMINDER_CHANNELS)[number];

/**
 * A send's life: `due` when a tick found it due, `sending` while one server holds its lease,
 * then `sent`, `failed` (no channel reached the patient) or `skipped` (nothing to send it by).
 */
export const REMINDER_SEND_STATUSES = ['due', 'sending', 'sent', 'failed', 'skipped'] as const;
export type ReminderSendStatus = (typeof REMINDER_SEND_STATUSES)[number];

/** One patient's reminder choices, as stored (lib/reminders/due.ts decides from them). */
export interface ReminderPreferences {
  enabled: boolean;
  /** Clinic-local time of day, HH:MM. */
  dailyTime: string;
  /** ISO weekdays as bits (Monday = 1 … Sunday = 64); null = the days the programme has exercises. */
  daysMask: number | null;
  push: boolean;
  email: boolean;
  eveningNudge: boolean;
}

/** What a patient's payload and e-mail say: nothing about their care, only that it is time. */
export const REMINDER_WORDING: Record<ReminderKind, { title: string; body: string }> = {
  daily: { title: 'Adhere', body: 'Time for your exercises.' },
  evening: {
    title: 'Adhere',
    body: 'Time for your exercises: there is still time today, if you can.',
  },
};

/** Where a tap on a reminder opens: Today. */
export const REMINDER_URL = '/patient';
