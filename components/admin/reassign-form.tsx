'use client';

import { useActionState } from 'react';
import { reassignPatientAction } from '@/app/admin/actions';
import { fieldError, idleState } from '@/lib/forms';
import { FormField, inputClass, SubmitButton } from '@/components/ui/form-field';
import type { PhysioChoice } from './new-account-form';

/** Moves a patient to another active physio. */
export function ReassignForm({
  patientId,
  currentPhysioId,
  physios,
}: {
  patientId: string;
  currentPhysioId: string | null;
  /** Active physios. */
  physios: PhysioChoice[];
}) {
  const [state, formAction, pending] = useActionState(reassignPatientAction, idleState);
  const choices = physios.filter((p) => p.id !== currentPhysioId);

  if (choices.length === 0) {
    return <p className="text-muted">There is no other active physiotherapist to hand over to.</p>;
  }

  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="patientId" value={patientId} />
      <FormField id="reassign-physio" label="Hand over to" error={fieldError(state, 'physioId')}>
        {(a11y) => (
          <select
            {...a11y}
            name="physioId"
            defaultValue={state.values?.physioId ?? ''}
            className={`${inputClass} sm:max-w-sm`}
          >
            <option value="">Choose a physiotherapist</option>
            {choices.map((physio) => (
              <option key={physio.id} value={physio.id}>
                {physio.name}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <SubmitButton pending={pending} pendingLabel="Reassigning…">
        Reassign patient
      </SubmitButton>
      {state.status === 'error' && state.message && !fieldError(state, 'physioId') ? (
        <p role="alert" className="text-danger">
          {state.message}
        </p>
      ) : null}
      {state.status === 'success' ? (
        <p role="status" className="border-brand bg-brand-soft rounded border px-3 py-2">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
