'use server';

import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { z } from 'zod';
import { issueSetPasswordLink, redeemSetPasswordLink } from '@/db/queries/set-password';
import { clientAddress } from '@/lib/client-address';
import { CHECK_FIELDS, errorsByPath, outcomeToFormState, type FormState } from '@/lib/forms';
import { logServerError } from '@/lib/log.mjs';
import { setPasswordLinkData } from '@/lib/public-url';
import { throttledMessage } from '@/lib/sign-in-throttle';
import { setPasswordSchema } from '@/lib/validation/password';
import { defineAction } from '../action';
import { linkProblemMessage } from './messages';

const inputSchema = z.object({ token: z.string().min(20).max(200) }).and(setPasswordSchema);

/**
 * Public by nature (the person has no password yet): the one-time token is the credential, and
 * the data layer accepts it only once, within 7 days, for an active account, checking it before
 * the password is hashed and throttling failed attempts per link and per address.
 */
export async function setPasswordAction(input: {
  token: string;
  password: string;
  confirm: string;
}): Promise<FormState> {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) {
    return { status: 'error', message: CHECK_FIELDS, errors: errorsByPath(parsed.error) };
  }
  try {
    const requestHeaders = await headers();
    const outcome = await redeemSetPasswordLink({
      token: parsed.data.token,
      password: parsed.data.password,
      ip: clientAddress((name) => requestHeaders.get(name)),
    });
    if (!outcome.ok && outcome.reason === 'throttled') {
      return { status: 'error', message: throttledMessage(outcome.retryAfterSeconds) };
    }
    if (!outcome.ok) {
      return {
        status: 'error',
        message: `${linkProblemMessage(outcome.problem)} Ask your physiotherapist or the clinic for a new one.`,
      };
    }
    return { status: 'success', data: { email: outcome.value.email } };
  } catch (error) {
    await logServerError(error, { where: 'set password' });
    return {
      status: 'error',
      message: 'Something went wrong and your password was not saved. Please try again.',
    };
  }
}

/**
 * A new one-time link for an account, from the physio's patient page or the admin's account page
 * (the data layer decides who may issue one for whom); earlier links stop working.
 */
export const newSetPasswordLinkAction = defineAction({
  name: 'newSetPasswordLinkAction',
  roles: ['physio', 'admin'],
  schema: z.object({ userId: z.uuid('Choose an account.') }),
  async handler(actor, { userId }) {
    const outcome = await issueSetPasswordLink(actor, userId);
    if (!outcome.ok) return outcomeToFormState(outcome, 'That account was not found.');
    // The admin's account page lists the new e-mail's delivery.
    if (actor.role === 'admin') revalidatePath(`/admin/accounts/${userId}`);
    return {
      status: 'success',
      message: `A new set-password link for ${outcome.value.name}. Earlier links no longer work.`,
      data: setPasswordLinkData(outcome.value.token, outcome.value.email),
    };
  },
});
