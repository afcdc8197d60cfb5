'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/app/(auth)/action';
import { createExercise, setExerciseArchived, updateExercise } from '@/db/queries/exercises';
import { outcomeToFormState } from '@/lib/forms';
import { idempotencyKeySchema } from '@/lib/validation/idempotency-key';
import { exerciseFormSchema } from '@/lib/validation/exercise';

const LIBRARY_PATH = '/physio/exercises';
const exerciseId = z.guid('This exercise was not found.');

const NOT_FOUND = 'This exercise was not found, or it is not yours to change.';

export const createExerciseAction = defineAction({
  name: 'createExerciseAction',
  roles: ['physio'],
  schema: exerciseFormSchema.extend({ idempotencyKey: idempotencyKeySchema }),
  async handler(actor, { idempotencyKey, ...input }) {
    const outcome = await createExercise(actor, input, { idempotencyKey });
    if (!outcome.ok) return outcomeToFormState(outcome, NOT_FOUND);
    revalidatePath(LIBRARY_PATH);
    return { status: 'success', redirectTo: `${LIBRARY_PATH}/${outcome.value.id}` };
  },
});

export const updateExerciseAction = defineAction({
  name: 'updateExerciseAction',
  roles: ['physio'],
  schema: exerciseFormSchema.extend({ id: exerciseId }),
  async handler(actor, { id, ...input }) {
    const outcome = await updateExercise(actor, id, input);
    if (!outcome.ok) return outcomeToFormState(outcome, NOT_FOUND);
    revalidatePath(LIBRARY_PATH);
    revalidatePath(`${LIBRARY_PATH}/${id}`);
    return { status: 'success', redirectTo: `${LIBRARY_PATH}/${id}` };
  },
});

export const archiveExerciseAction = defineAction({
  name: 'archiveExerciseAction',
  roles: ['physio'],
  schema: z.object({
    id: exerciseId,
    archived: z.enum(['true', 'false']).transform((v) => v === 'true'),
  }),
  async handler(actor, { id, archived }) {
    const outcome = await setExerciseArchived(actor, id, archived);
    if (!outcome.ok) return outcomeToFormState(outcome, NOT_FOUND);
    revalidatePath(LIBRARY_PATH);
    revalidatePath(`${LIBRARY_PATH}/${id}`);
    return {
      status: 'success',
      message: archived
        ? `“${outcome.value.name}” is archived. It is hidden from the library; programmes that use it keep it.`
        : `“${outcome.value.name}” is restored to the library.`,
    };
  },
});
