'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/app/(auth)/action';
import { saveOwnDayLog } from '@/db/queries/day-log';
import { saveOwnReadingPreferences } from '@/db/queries/reading-preferences';
import {
  removeOwnPushSubscription,
  saveOwnPushSubscription,
  saveOwnReminderPreferences,
} from '@/db/queries/reminders';
import { outcomeToFormState } from '@/lib/forms';
import { savedDayToData, savedMessage } from '@/lib/day-log';
import { dayLogFromForm, dayLogSchema } from '@/lib/validation/day-log';
import { readingPreferencesSchema } from '@/lib/validation/reading-preferences';
import {
  pushSubscriptionSchema,
  pushUnsubscribeSchema,
  reminderPreferencesSchema,
} from '@/lib/validation/reminders';
import { saveOwnResponse, skipOwnMeasure } from '@/db/queries/outcome-responses';
import { outcomeResponseSchema, skipMeasureSchema } from '@/lib/validation/outcome-measures';

export const saveDayLogAction = defineAction({
  name: 'saveDayLogAction',
  roles: ['patient'],
  schema: dayLogSchema,
  fromForm: dayLogFromForm,
  async handler(actor, input, { today }) {
    const outcome = await saveOwnDayLog(actor, input, today);
    if (!outcome.ok) return outcomeToFormState(outcome, 'Your programme could not be found.');
    revalidatePath('/patient');
    revalidatePath('/patient/progress');
    // The page says "your programme changed" and names what moved or was not saved from its own
    // list of the exercises it showed (the server may no longer have the ones that were removed).
    return {
      status: 'success',
      message: savedMessage(outcome.value),
      data: savedDayToData(outcome.value),
    };
  },
});

export const saveReadingPreferencesAction = defineAction({
  name: 'saveReadingPreferencesAction',
  roles: ['patient'],
  schema: readingPreferencesSchema,
  async handler(actor, input) {
    const outcome = await saveOwnReadingPreferences(actor, input);
    if (!outcome.ok) return outcomeToFormState(outcome, 'Your account could not be found.');
    // Every patient page is drawn in the new size, not only this one.
    revalidatePath('/patient', 'layout');
    return { status: 'success', message: 'Saved: your pages now use these settings.' };
  },
});

export const saveOutcomeResponseAction = defineAction({
  name: 'saveOutcomeResponseAction',
  roles: ['patient'],
  schema: outcomeResponseSchema,
  async handler(actor, input, { today }) {
    const outcome = await saveOwnResponse(actor, input, today);
    if (!outcome.ok) return outcomeToFormState(outcome, 'Your record could not be found.');
    // No revalidatePath here: the form says thank you first, and its Continue button refreshes
    // Today (and shows the next questionnaire, if one is due).
    return {
      status: 'success',
      message: 'Thank you: your answers are saved and your physiotherapist can see them.',
      data: { instrumentId: outcome.value.instrumentId },
    };
  },
});

export const skipOutcomeAction = defineAction({
  name: 'skipOutcomeAction',
  roles: ['patient'],
  schema: skipMeasureSchema,
  async handler(actor, { instrumentId }, { today }) {
    const outcome = await skipOwnMeasure(actor, instrumentId, today);
    if (!outcome.ok) return outcomeToFormState(outcome, 'Your record could not be found.');
    return { status: 'success', message: 'Not today: it will be here again tomorrow.' };
  },
});

export const saveReminderPreferencesAction = defineAction({
  name: 'saveReminderPreferencesAction',
  roles: ['patient'],
  schema: reminderPreferencesSchema,
  async handler(actor, input, { today }) {
    const outcome = await saveOwnReminderPreferences(actor, input, today);
    // The reason sits under its field; the form's message says to look there.
    if (!outcome.ok) {
      return outcomeToFormState(outcome, 'Your account could not be found.', { highlight: true });
    }
    revalidatePath('/patient/settings');
    return {
      status: 'success',
      message: outcome.value.enabled
        ? `Saved: reminders at ${outcome.value.dailyTime} on the days you chose.`
        : 'Reminders are off. Your choices are kept for when you turn them on again.',
    };
  },
});

/** This phone's Web Push subscription, as the "notifications on this phone" control sends it. */
export const savePushSubscriptionAction = defineAction({
  name: 'savePushSubscriptionAction',
  roles: ['patient'],
  schema: pushSubscriptionSchema,
  async handler(actor, input) {
    const outcome = await saveOwnPushSubscription(actor, input);
    if (!outcome.ok) return outcomeToFormState(outcome, 'Your account could not be found.');
    revalidatePath('/patient/settings');
    return { status: 'success', message: 'Notifications are on for this phone.' };
  },
});

export const removePushSubscriptionAction = defineAction({
  name: 'removePushSubscriptionAction',
  roles: ['patient'],
  schema: pushUnsubscribeSchema,
  async handler(actor, { endpoint }) {
    const outcome = await removeOwnPushSubscription(actor, endpoint);
    if (!outcome.ok) return outcomeToFormState(outcome, 'Your account could not be found.');
    revalidatePath('/patient/settings');
    return { status: 'success', message: 'Notifications are off for this phone.' };
  },
});
