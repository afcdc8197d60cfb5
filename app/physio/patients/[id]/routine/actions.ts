'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/app/(auth)/action';
import { endRoutine, saveRoutine } from '@/db/queries/routines';
import { outcomeToFormState } from '@/lib/forms';
import { schemaPerDay } from '@/lib/validation/per-day';
import { endRoutineFormSchema, routineFormSchema } from '@/lib/validation/routine';

/** The builder's rules for the day of the request, which the handler saves for as well. */
const routineSchemaOfDay = schemaPerDay((today) => routineFormSchema(() => today));

const NOT_FOUND = 'This patient was not found on your caseload.';

function revalidatePatient(patientId: string) {
  revalidatePath(`/physio/patients/${patientId}`);
  revalidatePath(`/physio/patients/${patientId}/routine`);
  revalidatePath('/physio');
}

/** Saves the builder's programme as the patient's new version (see db/queries/routines.ts). */
export const saveRoutineAction = defineAction({
  name: 'saveRoutineAction',
  roles: ['physio'],
  schema: routineSchemaOfDay,
  async handler(actor, { patientId, idempotencyKey, routine }, { today }) {
    const outcome = await saveRoutine(actor, patientId, routine, today, {
      idempotencyKey,
    });
    if (!outcome.ok) return outcomeToFormState(outcome, NOT_FOUND, { highlight: true });
    revalidatePatient(patientId);
    return { status: 'success', redirectTo: `/physio/patients/${patientId}` };
  },
});

/** Ends the patient's current programme on the chosen day (inclusive). */
export const endRoutineAction = defineAction({
  name: 'endRoutineAction',
  roles: ['physio'],
  schema: endRoutineFormSchema,
  async handler(actor, { patientId, endDate }, { today }) {
    const outcome = await endRoutine(actor, patientId, { endDate }, today);
    if (!outcome.ok) return outcomeToFormState(outcome, NOT_FOUND, { highlight: true });
    revalidatePatient(patientId);
    return { status: 'success', redirectTo: `/physio/patients/${patientId}` };
  },
});
