'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/app/(auth)/action';
import { addClinicDefinition } from '@/db/queries/outcome-definitions';
import { outcomeToFormState } from '@/lib/forms';
import { uploadDefinitionSchema } from '@/lib/validation/outcome-definition';

export const uploadDefinitionAction = defineAction({
  name: 'uploadDefinitionAction',
  roles: ['admin'],
  schema: uploadDefinitionSchema,
  async handler(actor, input) {
    const outcome = await addClinicDefinition(actor, input.definition);
    if (!outcome.ok) {
      if (outcome.reason === 'invalid_file') {
        // Every problem in the file, each naming its field, so the admin can fix them in one go.
        return {
          status: 'error',
          message:
            outcome.errors.length === 1
              ? 'The file has a problem; nothing was added.'
              : `The file has ${outcome.errors.length} problems; nothing was added.`,
          errors: { definition: outcome.errors },
        };
      }
      return outcomeToFormState(outcome, 'You cannot add questionnaires.');
    }
    revalidatePath('/admin/questionnaires');
    return {
      status: 'success',
      message: `${outcome.value.name} (version ${outcome.value.version}) has been added.`,
    };
  },
});
