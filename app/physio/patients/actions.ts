'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction, refusal } from '@/app/(auth)/action';
import { addPatient, dischargePatient, restorePatient } from '@/db/queries/patients';
import { issueSetPasswordLink } from '@/db/queries/set-password';
import { clinicToday } from '@/lib/clinic-today';
import { mailEnabled } from '@/lib/mail/settings';
import { setPasswordLink } from '@/lib/public-url';
import { addPatientSchema } from '@/lib/validation/patient';

/** The link to show once, and where it was also e-mailed when e-mail is configured. */
function linkData(token: string, email: string): { link: string; emailedTo?: string } {
  return { link: setPasswordLink(token), ...(mailEnabled() ? { emailedTo: email } : {}) };
}

export const addPatientAction = defineAction({
  name: 'addPatientAction',
  roles: ['physio'],
  schema: addPatientSchema,
  async handler(actor, input) {
    const outcome = await addPatient(actor, input);
    if (!outcome.ok) {
      if (outcome.reason === 'invalid') {
        return {
          status: 'error',
          message: outcome.message,
          errors: outcome.field ? { [outcome.field]: [outcome.message] } : undefined,
        };
      }
      return { status: 'error', message: 'You cannot add patients.' };
    }
    revalidatePath('/physio');
    return {
      status: 'success',
      message: `${input.name} has been added to your caseload.`,
      data: {
        patientId: outcome.value.patientId,
        name: input.name,
        ...linkData(outcome.value.token, input.email),
      },
    };
  },
});

const patientIdSchema = z.object({ patientId: z.uuid('Choose a patient.') });

export const dischargePatientAction = defineAction({
  name: 'dischargePatientAction',
  roles: ['physio'],
  schema: patientIdSchema,
  async handler(actor, { patientId }) {
    const outcome = await dischargePatient(actor, patientId, clinicToday());
    if (!outcome.ok) return refusal(outcome, 'That patient was not found.');
    revalidatePath(`/physio/patients/${patientId}`);
    revalidatePath('/physio');
    return {
      status: 'success',
      message: 'The patient has been discharged. Their records are kept.',
    };
  },
});

export const restorePatientAction = defineAction({
  name: 'restorePatientAction',
  roles: ['physio'],
  schema: patientIdSchema,
  async handler(actor, { patientId }) {
    const outcome = await restorePatient(actor, patientId);
    if (!outcome.ok) return refusal(outcome, 'That patient was not found.');
    revalidatePath(`/physio/patients/${patientId}`);
    revalidatePath('/physio');
    return {
      status: 'success',
      message: 'The patient is back on your caseload. Assign a new routine when they restart.',
    };
  },
});

export const newSetPasswordLinkAction = defineAction({
  name: 'newSetPasswordLinkAction',
  roles: ['physio', 'admin'],
  schema: z.object({ userId: z.uuid('Choose an account.') }),
  async handler(actor, { userId }) {
    const outcome = await issueSetPasswordLink(actor, userId);
    if (!outcome.ok) return refusal(outcome, 'That account was not found.');
    // The admin's account page lists the new e-mail's delivery.
    if (actor.role === 'admin') revalidatePath(`/admin/accounts/${userId}`);
    return {
      status: 'success',
      message: `A new set-password link for ${outcome.value.name}. Earlier links no longer work.`,
      data: linkData(outcome.value.token, outcome.value.email),
    };
  },
});
