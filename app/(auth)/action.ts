import 'server-only';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import type { Actor } from '@/db/queries/actor';
import type { Role } from '@/db/schema';
import { getCurrentUser } from './session';

import type { FormState } from './form-state';

interface HandlerResult extends FormState {
  redirectTo?: string;
}

/**
 * Every server action is a public endpoint reachable by a direct POST, so each one is built with
 * this wrapper: it resolves the session against the database, checks the role, validates the form
 * with zod, and turns unexpected failures into a calm message (the cause is logged on the server).
 */
export function defineAction<Schema extends z.ZodType>(options: {
  roles: readonly Role[];
  schema: Schema;
  handler: (actor: Actor, input: z.infer<Schema>) => Promise<HandlerResult>;
}) {
  return async (_previous: FormState, formData: FormData): Promise<FormState> => {
    const actor = await getCurrentUser();
    if (!actor || !options.roles.includes(actor.role)) {
      return { status: 'error', message: 'Your session has ended. Please sign in again.' };
    }
    const parsed = options.schema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) {
      return {
        status: 'error',
        message: 'Please check the highlighted fields.',
        errors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
      };
    }
    let result: HandlerResult;
    try {
      result = await options.handler(actor, parsed.data);
    } catch (error) {
      console.error('server action failed', error);
      return {
        status: 'error',
        message: 'Something went wrong and nothing was saved. Please try again.',
      };
    }
    // redirect() works by throwing, so it stays outside the try above.
    if (result.redirectTo) redirect(result.redirectTo);
    return { status: result.status, message: result.message, errors: result.errors };
  };
}
