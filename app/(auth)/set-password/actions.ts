'use server';

import { headers } from 'next/headers';
import { z } from 'zod';
import { redeemSetPasswordLink } from '@/db/queries/set-password';
import { clientAddress } from '@/lib/client-address';
import { logServerError } from '@/lib/log.mjs';
import { throttledMessage } from '@/lib/sign-in-throttle';
import { setPasswordSchema } from '@/lib/validation/password';
import type { FormState } from '../form-state';
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
    const errors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues)
      (errors[String(issue.path[0] ?? '_form')] ??= []).push(issue.message);
    return { status: 'error', message: 'Please check the highlighted fields.', errors };
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
