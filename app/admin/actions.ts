'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/app/(auth)/action';
import type { FormState } from '@/app/(auth)/form-state';
import { createAccount, reassignPatient, setAccountActive } from '@/db/queries/accounts';
import type { Outcome } from '@/db/queries/actor';
import { mailEnabled } from '@/lib/mail/settings';
import { setPasswordLink } from '@/lib/public-url';
import { newAccountSchema, reassignPatientSchema } from '@/lib/validation/account';

/** An expected failure as the form shows it: under its field when it has one. */
function failure(outcome: Exclude<Outcome<unknown>, { ok: true }>, notFoundMessage: string) {
  if (outcome.reason === 'not_found') {
    return { status: 'error', message: notFoundMessage } satisfies FormState;
  }
  return {
    status: 'error',
    message: outcome.message,
    errors: outcome.field ? { [outcome.field]: [outcome.message] } : undefined,
  } satisfies FormState;
}

export const setAccountActiveAction = defineAction({
  roles: ['admin'],
  schema: z.object({
    userId: z.uuid('Choose an account.'),
    active: z.enum(['true', 'false']).transform((v) => v === 'true'),
  }),
  async handler(actor, input) {
    const outcome = await setAccountActive(actor, input);
    if (!outcome.ok) return failure(outcome, 'That account was not found.');
    revalidatePath('/admin', 'layout');
    return {
      status: 'success',
      message: `${outcome.value.name} is now ${input.active ? 'active' : 'deactivated'}.`,
    };
  },
});

export const createAccountAction = defineAction({
  roles: ['admin'],
  schema: newAccountSchema,
  async handler(actor, input) {
    const outcome = await createAccount(actor, input);
    if (!outcome.ok) return failure(outcome, 'You cannot create accounts.');
    revalidatePath('/admin', 'layout');
    return {
      status: 'success',
      message: `The account for ${input.name} has been created.`,
      data: {
        userId: outcome.value.userId,
        name: input.name,
        role: input.role,
        link: setPasswordLink(outcome.value.token),
        ...(mailEnabled() ? { emailedTo: input.email } : {}),
      },
    };
  },
});

export const reassignPatientAction = defineAction({
  roles: ['admin'],
  schema: reassignPatientSchema,
  async handler(actor, input) {
    const outcome = await reassignPatient(actor, input);
    if (!outcome.ok) return failure(outcome, 'That patient was not found.');
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
