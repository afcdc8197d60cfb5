'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/app/(auth)/action';
import { createApiToken, revokeApiToken } from '@/db/queries/api-tokens';
import { outcomeToFormState } from '@/lib/forms';
import { newApiTokenSchema, revokeApiTokenSchema } from '@/lib/validation/api-token';

export const createApiTokenAction = defineAction({
  name: 'createApiTokenAction',
  roles: ['admin'],
  schema: newApiTokenSchema,
  async handler(actor, input) {
    const outcome = await createApiToken(actor, input);
    if (!outcome.ok) return outcomeToFormState(outcome, 'You cannot create API tokens.');
    revalidatePath('/admin/tokens');
    return {
      status: 'success',
      message: `The token “${input.name}” has been created.`,
      data: { id: outcome.value.id, secret: outcome.value.secret, name: input.name },
    };
  },
});

export const revokeApiTokenAction = defineAction({
  name: 'revokeApiTokenAction',
  roles: ['admin'],
  schema: revokeApiTokenSchema,
  async handler(actor, input) {
    const outcome = await revokeApiToken(actor, input.tokenId);
    if (!outcome.ok) return outcomeToFormState(outcome, 'That token was not found.');
    revalidatePath('/admin/tokens');
    return {
      status: 'success',
      message: outcome.value.changed
        ? `The token “${outcome.value.name}” is revoked: it no longer works.`
        : `The token “${outcome.value.name}” was already revoked.`,
    };
  },
});
