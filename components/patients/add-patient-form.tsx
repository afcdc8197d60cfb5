'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { fieldError, idleState } from '@/lib/forms';
import { addPatientAction } from '@/app/physio/patients/actions';
import { PatientDetailFields } from '@/components/patients/patient-detail-fields';
import { FormField, FormMessage, inputClass, SubmitButton } from '@/components/ui/form-field';
import { CopyLink } from './copy-link';

export function AddPatientForm({ today }: { today: string }) {
  const [state, formAction, pending] = useActionState(addPatientAction, idleState);

  if (state.status === 'success' && state.data?.link) {
    return (
      <div className="border-brand bg-brand-soft rounded-lg border p-5" role="status">
        <h2 className="text-lg font-semibold">{state.message}</h2>
        <p className="mt-1">
          Give {state.data.name} this link so they can choose a password and sign in.
        </p>
        <CopyLink
          link={state.data.link}
          label="Set-password link"
          emailedTo={state.data.emailedTo}
        />
        <div className="mt-4 flex flex-wrap gap-3">
          <Link
            href={`/physio/patients/${state.data.patientId}/routine`}
            className="bg-brand min-h-11 rounded px-4 py-2 font-semibold text-white"
          >
            Build their routine
          </Link>
          <Link
            href={`/physio/patients/${state.data.patientId}`}
            className="border-line min-h-11 rounded border px-4 py-2 font-semibold"
          >
            Open their record
          </Link>
        </div>
      </div>
    );
  }

  const v = state.values ?? {};
  return (
    <form
      action={formAction}
      noValidate
      className="border-line bg-surface space-y-4 rounded-lg border p-5"
    >
      <FormMessage message={state.status === 'error' ? state.message : undefined} />
      <FormField id="name" label="Name" error={fieldError(state, 'name')}>
        {(a11y) => (
          <input
            {...a11y}
            name="name"
            autoComplete="off"
            defaultValue={v.name}
            className={inputClass}
          />
        )}
      </FormField>
      <FormField
        id="email"
        label="Email"
        hint="The patient signs in with this address."
        error={fieldError(state, 'email')}
      >
        {(a11y) => (
          <input
            {...a11y}
            name="email"
            type="email"
            autoComplete="off"
            defaultValue={v.email}
            className={inputClass}
          />
        )}
      </FormField>
      <PatientDetailFields state={state} today={today} />
      <SubmitButton pending={pending} pendingLabel="Adding…">
        Add patient
      </SubmitButton>
    </form>
  );
}
