import { z } from 'zod';
import { TIME_OF_DAY } from '@/lib/reminders/clock';
import { WEEKDAY_NAMES } from '@/lib/weekdays';

const checkbox = z
  .enum(['on', 'true', 'false'])
  .optional()
  .transform((v) => v === 'on' || v === 'true');

/** The day checkboxes' names: day1 (Monday) … day7 (Sunday). */
export const REMINDER_DAY_FIELDS = WEEKDAY_NAMES.map((_, i) => `day${i + 1}`);

/**
 * The reminders form. "Save" turns reminders on with the choices; "Turn reminders off" (intent
 * off) keeps the choices and stops them. Quiet hours and whether e-mail is configured are the data
 * layer's to check: they come from the clinic's configuration.
 */
export const reminderPreferencesSchema = z
  .object({
    intent: z.enum(['save', 'off'], 'This form is out of date. Reload the page and try again.'),
    dailyTime: z.string().trim().regex(TIME_OF_DAY, 'Enter a time such as 18:00.'),
    push: checkbox,
    email: checkbox,
    eveningNudge: checkbox,
    day1: checkbox,
    day2: checkbox,
    day3: checkbox,
    day4: checkbox,
    day5: checkbox,
    day6: checkbox,
    day7: checkbox,
  })
  .transform((form, context): ReminderPreferencesInput => {
    const ticked = [form.day1, form.day2, form.day3, form.day4, form.day5, form.day6, form.day7];
    const daysMask = ticked.reduce((mask, on, i) => (on ? mask | (1 << i) : mask), 0);
    const input = {
      enabled: form.intent === 'save',
      dailyTime: form.dailyTime,
      daysMask,
      push: form.push,
      email: form.email,
      eveningNudge: form.eveningNudge,
    };
    if (input.enabled && daysMask === 0) {
      context.addIssue({ code: 'custom', path: ['days'], message: 'Choose at least one day.' });
    }
    if (input.enabled && !input.push && !input.email) {
      context.addIssue({
        code: 'custom',
        path: ['channels'],
        message: 'Choose how: notifications on this phone, e-mail, or both.',
      });
    }
    return input;
  });

export type ReminderPreferencesInput = {
  enabled: boolean;
  dailyTime: string;
  /** 1–127 when on; what was ticked (0 allowed when turning off). */
  daysMask: number;
  push: boolean;
  email: boolean;
  eveningNudge: boolean;
};

/** A push address as browsers give it: printable ASCII (a URL), never a space or control character. */
const pushEndpoint = z
  .string()
  .trim()
  .min(1, 'No push address.')
  .max(2000, 'The push address is too long.')
  .regex(/^[\x21-\x7e]+$/, 'This phone offered a push address Adhere does not send to.');

/** A Web Push subscription as `PushSubscription.toJSON()` gives it, flattened into form fields. */
export const pushSubscriptionSchema = z.object({
  endpoint: pushEndpoint,
  p256dh: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{80,100}$/, 'The phone sent keys Adhere cannot use.'),
  auth: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{16,30}$/, 'The phone sent keys Adhere cannot use.'),
});
export type PushSubscriptionInput = z.infer<typeof pushSubscriptionSchema>;

export const pushUnsubscribeSchema = z.object({ endpoint: pushEndpoint });
