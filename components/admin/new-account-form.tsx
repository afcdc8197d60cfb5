'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { createAccountAction } from '@/app/admin/actions';
import { fieldError, idleState } from '@/lib/forms';
import { AccountCreated } from '@/components/patients/copy-link';
import { NameEmailFields, PatientDetailFields } from '@/components/patients/patient-detail-fields';
import { FormMessage, SelectField, stateField, SubmitButton } from '@/components/ui/form-field';

export interface PhysioChoice {
  id: string;
  name: string;
}

/**
 * Creates a physio's or a patient's account; on success shows the one-time set-password link,
 * which is never shown again.
 */
export function NewAccountForm({
  role,
  physios,
  defaultPhysioId,
  today,
}: {
  role: 'physio' | 'patient';
  /** Active physios, for a patient's assignment. */
  physios: PhysioChoice[];
  defaultPhysioId?: string;
  today: string;
}) {
  const [state, formAction, pending] = useActionState(createAccountAction, idleState);

  if (state.status === 'success' && state.data?.link) {
    return (
      <AccountCreated state={state}>
        <Link
          href={`/admin/accounts/${state.data.userId}`}
          className="bg-brand hover:bg-brand-strong inline-flex min-h-11 items-center rounded px-4 py-2 font-semibold text-white"
        >
          Open the account
        </Link>
        <Link
          href="/admin"
          className="border-line bg-surface inline-flex min-h-11 items-center rounded border px-4 py-2 font-semibold"
        >
          Back to accounts
        </Link>
      </AccountCreated>
    );
  }

  const who = role === 'physio' ? 'physiotherapist' : 'patient';
  return (
    <form
      action={formAction}
      noValidate
      className="border-line bg-surface space-y-4 rounded-lg border p-5"
    >
      <FormMessage state={state} />
      <input type="hidden" name="role" value={role} />
      {fieldError(state, 'role') ? (
        <p className="text-danger text-sm">{fieldError(state, 'role')}</p>
      ) : null}
      <NameEmailFields state={state} emailHint={`The ${who} signs in with this address.`} />
      {role === 'patient' ? (
        <>
          <SelectField
            {...stateField(state, 'physioId')}
            label="Physiotherapist"
            hint="Only active physiotherapists can take on patients."
            defaultValue={state.values?.physioId ?? defaultPhysioId ?? ''}
            options={[
              { value: '', label: 'Choose a physiotherapist' },
              ...physios.map((physio) => ({ value: physio.id, label: physio.name })),
            ]}
          />
          <PatientDetailFields state={state} today={today} />
        </>
      ) : null}
      <SubmitButton pending={pending} pendingLabel="Creating…">
        {role === 'physio' ? 'Create physio account' : 'Create patient account'}
      </SubmitButton>
    </form>
  );
}
