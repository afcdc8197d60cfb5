'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/app/(auth)/action';
import { assignMeasure, stopMeasure } from '@/db/queries/outcome-measures';
import { addPatient, dischargePatient, restorePatient } from '@/db/queries/patients';
import { outcomeToFormState } from '@/lib/forms';
import { setPasswordLinkData } from '@/lib/public-url';
import { assignMeasureSchema, stopMeasureSchema } from '@/lib/validation/outcome-measures';
import { addPatientSchema } from '@/lib/validation/patient';

export const addPatientAction = defineAction({
  name: 'addPatientAction',
  roles: ['physio'],
  schema: addPatientSchema,
  async handler(actor, input) {
    const outcome = await addPatient(actor, input);
    if (!outcome.ok) return outcomeToFormState(outcome, 'You cannot add patients.');
    revalidatePath('/physio');
    return {
      status: 'success',
      message: `${input.name} has been added to your caseload.`,
      data: {
        patientId: outcome.value.patientId,
        name: input.name,
        ...setPasswordLinkData(outcome.value.token, input.email),
      },
    };
  },
});

const patientIdSchema = z.object({ patientId: z.uuid('Choose a patient.') });

export const dischargePatientAction = defineAction({
  name: 'dischargePatientAction',
  roles: ['physio'],
  schema: patientIdSchema,
  async handler(actor, { patientId }, { today }) {
    const outcome = await dischargePatient(actor, patientId, today);
    if (!outcome.ok) return outcomeToFormState(outcome, 'That patient was not found.');
    revalidatePath(`/physio/patients/${patientId}`);
    revalidatePath('/physio');
    return {
      status: 'success',
      message: 'The patient has been discharged. Their records are kept.',
    };
  },
});

export const restorePatientAction = defineAction({
  name: 'restorePatientAction',
  roles: ['physio'],
  schema: patientIdSchema,
  async handler(actor, { patientId }) {
    const outcome = await restorePatient(actor, patientId);
    if (!outcome.ok) return outcomeToFormState(outcome, 'That patient was not found.');
    revalidatePath(`/physio/patients/${patientId}`);
    revalidatePath('/physio');
    return {
      status: 'success',
      message: 'The patient is back on your caseload. Assign a new routine when they restart.',
    };
  },
});

export const assignMeasureAction = defineAction({
  name: 'assignMeasureAction',
  roles: ['physio'],
  schema: assignMeasureSchema,
  async handler(actor, input, { today }) {
    const outcome = await assignMeasure(actor, input, today);
    if (!outcome.ok) return outcomeToFormState(outcome, 'That patient was not found.');
    revalidatePath(`/physio/patients/${input.patientId}`);
    revalidatePath('/physio');
    return {
      status: 'success',
      message: outcome.value.created
        ? input.schedule === 'once'
          ? 'Asked for now: the patient sees it at the top of Today.'
          : 'Assigned. The patient sees it on Today whenever it is due.'
        : 'That questionnaire is already assigned on that schedule.',
    };
  },
});

export const stopMeasureAction = defineAction({
  name: 'stopMeasureAction',
  roles: ['physio'],
  schema: stopMeasureSchema,
  async handler(actor, { assignmentId }) {
    const outcome = await stopMeasure(actor, assignmentId);
    if (!outcome.ok) return outcomeToFormState(outcome, 'That schedule was not found.');
    revalidatePath('/physio', 'layout');
    return { status: 'success', message: 'Stopped. The answers so far stay on the record.' };
  },
});
