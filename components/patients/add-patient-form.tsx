'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { idleState } from '@/lib/forms';
import { addPatientAction } from '@/app/physio/patients/actions';
import { NameEmailFields, PatientDetailFields } from '@/components/patients/patient-detail-fields';
import { FormMessage, SubmitButton } from '@/components/ui/form-field';
import { AccountCreated } from './copy-link';

export function AddPatientForm({ today }: { today: string }) {
  const [state, formAction, pending] = useActionState(addPatientAction, idleState);

  if (state.status === 'success' && state.data?.link) {
    const { patientId } = state.data;
    return (
      <AccountCreated state={state}>
        <Link
          href={`/physio/patients/${patientId}/routine`}
          className="bg-brand min-h-11 rounded px-4 py-2 font-semibold text-white"
        >
          Build their routine
        </Link>
        <Link
          href={`/physio/patients/${patientId}`}
          className="border-line min-h-11 rounded border px-4 py-2 font-semibold"
        >
          Open their record
        </Link>
      </AccountCreated>
    );
  }

  return (
    <form
      action={formAction}
      noValidate
      className="border-line bg-surface space-y-4 rounded-lg border p-5"
    >
      <FormMessage state={state} />
      <NameEmailFields state={state} emailHint="The patient signs in with this address." />
      <PatientDetailFields state={state} today={today} />
      <SubmitButton pending={pending} pendingLabel="Adding…">
        Add patient
      </SubmitButton>
    </form>
  );
}
