'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/app/(auth)/action';
import { saveOwnDayLog } from '@/db/queries/day-log';
import { clinicToday } from '@/lib/clinic-today';
import { dayLogFromForm, dayLogSchema } from '@/lib/validation/day-log';

export const saveDayLogAction = defineAction({
  name: 'saveDayLogAction',
  roles: ['patient'],
  schema: () => dayLogSchema(clinicToday()),
  fromForm: dayLogFromForm,
  async handler(actor, input) {
    const outcome = await saveOwnDayLog(actor, input, clinicToday());
    if (!outcome.ok) {
      const message =
        outcome.reason === 'invalid' ? outcome.message : 'Your programme could not be found.';
      return {
        status: 'error',
        message,
        denied: outcome.reason === 'not_found',
        errors:
          outcome.reason === 'invalid' && outcome.field
            ? { [outcome.field]: [message] }
            : undefined,
      };
    }
    revalidatePath('/patient');
    revalidatePath('/patient/progress');
    const { sessionsDone, painScore } = outcome.value;
    const parts = [
      `${sessionsDone} exercise session${sessionsDone === 1 ? '' : 's'} done`,
      painScore === null ? null : `pain ${painScore} out of 10`,
    ].filter(Boolean);
    return { status: 'success', message: `Saved: ${parts.join(', ')}.` };
  },
});
