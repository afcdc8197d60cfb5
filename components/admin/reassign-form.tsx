'use client';

import { useActionState } from 'react';
import { reassignPatientAction } from '@/app/admin/actions';
import { fieldError, idleState } from '@/lib/forms';
import { FormMessage, inputClass, SelectField, SubmitButton } from '@/components/ui/form-field';
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
      <SelectField
        id="reassign-physio"
        label="Hand over to"
        error={fieldError(state, 'physioId')}
        name="physioId"
        defaultValue={state.values?.physioId ?? ''}
        options={[
          { value: '', label: 'Choose a physiotherapist' },
          ...choices.map((physio) => ({ value: physio.id, label: physio.name })),
        ]}
        controlClassName={`${inputClass} sm:max-w-sm`}
      />
      <SubmitButton pending={pending} pendingLabel="Reassigning…">
        Reassign patient
      </SubmitButton>
      {fieldError(state, 'physioId') ? null : <FormMessage state={state} look="text" />}
      {state.status === 'success' ? (
        <p role="status" className="border-brand bg-brand-soft rounded border px-3 py-2">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
