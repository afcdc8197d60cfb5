'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { createAccountAction } from '@/app/admin/actions';
import { fieldError, idleState } from '@/lib/forms';
import { CopyLink } from '@/components/patients/copy-link';
import { PatientDetailFields } from '@/components/patients/patient-detail-fields';
import { FormField, FormMessage, inputClass } from '@/components/ui/form-field';

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
    const { userId, name } = state.data;
    return (
      <div className="border-brand bg-brand-soft rounded-lg border p-5" role="status">
        <h2 className="text-lg font-semibold">{state.message}</h2>
        <p className="mt-1">Give {name} this link so they can choose a password and sign in.</p>
        <CopyLink
          link={state.data.link}
          label="Set-password link"
          emailedTo={state.data.emailedTo}
        />
        <div className="mt-4 flex flex-wrap gap-3">
          <Link
            href={`/admin/accounts/${userId}`}
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
        </div>
      </div>
    );
  }

  const v = state.values ?? {};
  const who = role === 'physio' ? 'physiotherapist' : 'patient';
  return (
    <form
      action={formAction}
      noValidate
      className="border-line bg-surface space-y-4 rounded-lg border p-5"
    >
      <FormMessage message={state.status === 'error' ? state.message : undefined} />
      <input type="hidden" name="role" value={role} />
      {fieldError(state, 'role') ? (
        <p className="text-danger text-sm">{fieldError(state, 'role')}</p>
      ) : null}
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
        hint={`The ${who} signs in with this address.`}
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
      {role === 'patient' ? (
        <>
          <FormField
            id="physioId"
            label="Physiotherapist"
            hint="Only active physiotherapists can take on patients."
            error={fieldError(state, 'physioId')}
          >
            {(a11y) => (
              <select
                {...a11y}
                name="physioId"
                defaultValue={v.physioId ?? defaultPhysioId ?? ''}
                className={inputClass}
              >
                <option value="">Choose a physiotherapist</option>
                {physios.map((physio) => (
                  <option key={physio.id} value={physio.id}>
                    {physio.name}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <PatientDetailFields state={state} today={today} />
        </>
      ) : null}
      <button
        type="submit"
        disabled={pending}
        className="bg-brand hover:bg-brand-strong min-h-11 rounded px-4 py-2 font-semibold text-white disabled:opacity-70"
      >
        {pending
          ? 'Creating…'
          : role === 'physio'
            ? 'Create physio account'
            : 'Create patient account'}
      </button>
    </form>
  );
}
