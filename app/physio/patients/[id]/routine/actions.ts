'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/app/(auth)/action';
import type { Outcome } from '@/db/queries/actor';
import { endRoutine, saveRoutine } from '@/db/queries/routines';
import { clinicToday } from '@/lib/clinic-today';
import { endRoutineFormSchema, routineFormSchema } from '@/lib/validation/routine';

/** A refusal from the data layer as the form shows it, with the message under its field. */
function refusal(outcome: Exclude<Outcome<unknown>, { ok: true }>) {
  if (outcome.reason === 'not_found') {
    const message = 'This patient was not found on your caseload.';
    return { status: 'error' as const, message, denied: true };
  }
  return {
    status: 'error' as const,
    message: outcome.field ? 'Please check the highlighted fields.' : outcome.message,
    ...(outcome.field ? { errors: { [outcome.field]: [outcome.message] } } : {}),
  };
}

function revalidatePatient(patientId: string) {
  revalidatePath(`/physio/patients/${patientId}`);
  revalidatePath(`/physio/patients/${patientId}/routine`);
  revalidatePath('/physio');
}

/** Saves the builder's programme as the patient's new version (see db/queries/routines.ts). */
export const saveRoutineAction = defineAction({
  name: 'saveRoutineAction',
  roles: ['physio'],
  schema: routineFormSchema(clinicToday),
  async handler(actor, { patientId, idempotencyKey, routine }) {
    const outcome = await saveRoutine(actor, patientId, routine, clinicToday(), {
      idempotencyKey,
    });
    if (!outcome.ok) return refusal(outcome);
    revalidatePatient(patientId);
    return { status: 'success', redirectTo: `/physio/patients/${patientId}` };
  },
});

/** Ends the patient's current programme on the chosen day (inclusive). */
export const endRoutineAction = defineAction({
  name: 'endRoutineAction',
  roles: ['physio'],
  schema: endRoutineFormSchema,
  async handler(actor, { patientId, endDate }) {
    const outcome = await endRoutine(actor, patientId, { endDate }, clinicToday());
    if (!outcome.ok) return refusal(outcome);
    revalidatePatient(patientId);
    return { status: 'success', redirectTo: `/physio/patients/${patientId}` };
  },
});
