'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/app/(auth)/action';
import { createAccount, reassignPatient, setAccountActive } from '@/db/queries/accounts';
import { outcomeToFormState } from '@/lib/forms';
import { setPasswordLinkData } from '@/lib/public-url';
import { newAccountSchema, reassignPatientSchema } from '@/lib/validation/account';

export const setAccountActiveAction = defineAction({
  name: 'setAccountActiveAction',
  roles: ['admin'],
  schema: z.object({
    userId: z.uuid('Choose an account.'),
    active: z.enum(['true', 'false']).transform((v) => v === 'true'),
  }),
  async handler(actor, input) {
    const outcome = await setAccountActive(actor, input);
    if (!outcome.ok) return outcomeToFormState(outcome, 'That account was not found.');
    revalidatePath('/admin', 'layout');
    return {
      status: 'success',
      message: `${outcome.value.name} is now ${input.active ? 'active' : 'deactivated'}.`,
    };
  },
});

export const createAccountAction = defineAction({
  name: 'createAccountAction',
  roles: ['admin'],
  schema: newAccountSchema,
  async handler(actor, input) {
    const outcome = await createAccount(actor, input);
    if (!outcome.ok) return outcomeToFormState(outcome, 'You cannot create accounts.');
    revalidatePath('/admin', 'layout');
    return {
      status: 'success',
      message: `The account for ${input.name} has been created.`,
      data: {
        userId: outcome.value.userId,
        name: input.name,
        role: input.role,
        ...setPasswordLinkData(outcome.value.token, input.email),
      },
    };
  },
});

export const reassignPatientAction = defineAction({
  name: 'reassignPatientAction',
  roles: ['admin'],
  schema: reassignPatientSchema,
  async handler(actor, input) {
    const outcome = await reassignPatient(actor, input);
    if (!outcome.ok) return outcomeToFormState(outcome, 'That patient was not found.');
    revalidatePath('/admin', 'layout');
    const { name, physioName, changed } = outcome.value;
    return {
      status: 'success',
      message: changed
        ? `${name} is now looked after by ${physioName}.`
        : `${name} is already looked after by ${physioName}.`,
    };
  },
});
