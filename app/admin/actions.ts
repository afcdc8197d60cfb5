'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/app/(auth)/action';
import { setAccountActive } from '@/db/queries/accounts';

export const setAccountActiveAction = defineAction({
  roles: ['admin'],
  schema: z.object({
    userId: z.uuid('Choose an account.'),
    active: z.enum(['true', 'false']).transform((v) => v === 'true'),
  }),
  async handler(actor, input) {
    const outcome = await setAccountActive(actor, input);
    if (!outcome.ok) {
      return {
        status: 'error',
        message: outcome.reason === 'invalid' ? outcome.message : 'That account was not found.',
      };
    }
    revalidatePath('/admin');
    return {
      status: 'success',
      message: `${outcome.value.name} is now ${input.active ? 'active' : 'deactivated'}.`,
    };
  },
});
