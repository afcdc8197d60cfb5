'use client';

import { useActionState, useState } from 'react';
import { createApiTokenAction } from '@/app/admin/tokens/actions';
import { CopyLink } from '@/components/patients/copy-link';
import { FormField, FormMessage, SubmitButton, inputClass } from '@/components/ui/form-field';
import type { PhysioOption } from '@/db/queries/accounts';
import { API_TOKEN_LIFETIMES_DAYS, type ApiTokenScope } from '@/lib/api-tokens';
import { fieldError, idleState } from '@/lib/forms';

/**
 * Creates a personal access token for a system that reads the FHIR API; on success shows the
 * secret once, with what to do with it.
 */
export function NewApiTokenForm({ physios }: { physios: PhysioOption[] }) {
  const [state, formAction, pending] = useActionState(createApiTokenAction, idleState);
  const v = state.values ?? {};
  // The radios are left to the browser (not controlled): React resets a form after its action to
  // the defaults, so the defaults are what was sent, and the shown choice and the state agree.
  const submittedScope: ApiTokenScope = v.scope === 'caseload' ? 'caseload' : 'clinic';
  const [scope, setScope] = useState<ApiTokenScope>(submittedScope);

  if (state.status === 'success' && state.data?.secret) {
    return (
      <div className="border-brand bg-brand-soft rounded-lg border p-5" role="status">
        <h3 className="text-lg font-semibold">{state.message}</h3>
        <p className="mt-1">
          Copy it now and give it to whoever sets up the system: Adhere keeps only a fingerprint of
          it and cannot show it again. The system sends it as{' '}
          <code className="text-sm">Authorization: Bearer …</code>.
        </p>
        <CopyLink link={state.data.secret} label="API token" />
        <a
          href="/admin/tokens"
          className="border-line bg-surface mt-4 inline-flex min-h-11 items-center rounded border px-4 py-2 font-semibold"
        >
          Done
        </a>
      </div>
    );
  }

  const active = physios.filter((physio) => physio.active);
  return (
    <form action={formAction} noValidate className="space-y-4">
      <FormMessage message={state.status === 'error' ? state.message : undefined} />
      <FormField
        id="token-name"
        label="Name"
        hint="The system that will use it, so the audit log says who read what."
        error={fieldError(state, 'name')}
      >
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
      <fieldset>
        <legend className="font-medium">What it may read</legend>
        {fieldError(state, 'scope') ? (
          <p className="text-danger text-sm">{fieldError(state, 'scope')}</p>
        ) : null}
        <label className="mt-2 flex min-h-11 items-center gap-2">
          <input
            type="radio"
            name="scope"
            value="clinic"
            defaultChecked={submittedScope === 'clinic'}
            onChange={() => setScope('clinic')}
            className="size-5"
          />
          Every patient in the clinic
        </label>
        <label className="flex min-h-11 items-center gap-2">
          <input
            type="radio"
            name="scope"
            value="caseload"
            defaultChecked={submittedScope === 'caseload'}
            onChange={() => setScope('caseload')}
            className="size-5"
          />
          One physiotherapist’s patients
        </label>
      </fieldset>
      {scope === 'caseload' ? (
        <FormField
          id="token-physio"
          label="Physiotherapist"
          hint="The token reads the patients assigned to them, as they change."
          error={fieldError(state, 'physioId')}
        >
          {(a11y) => (
            <select
              {...a11y}
              name="physioId"
              defaultValue={v.physioId ?? ''}
              className={inputClass}
            >
              <option value="">Choose a physiotherapist</option>
              {active.map((physio) => (
                <option key={physio.id} value={physio.id}>
                  {physio.name}
                </option>
              ))}
            </select>
          )}
        </FormField>
      ) : null}
      <FormField
        id="token-lifetime"
        label="Lasts for"
        hint="After that it stops working; create a new one in good time."
        error={fieldError(state, 'lifetimeDays')}
      >
        {(a11y) => (
          <select
            {...a11y}
            name="lifetimeDays"
            defaultValue={v.lifetimeDays ?? '90'}
            className={inputClass}
          >
            {API_TOKEN_LIFETIMES_DAYS.map((days) => (
              <option key={days} value={days}>
                {days} days
              </option>
            ))}
          </select>
        )}
      </FormField>
      <SubmitButton pending={pending} pendingLabel="Creating…">
        Create token
      </SubmitButton>
    </form>
  );
}
