'use client';

import { useActionState, useState } from 'react';
import { newSetPasswordLinkAction } from '@/app/(auth)/set-password/actions';
import { dischargePatientAction, restorePatientAction } from '@/app/physio/patients/actions';
import { idleState } from '@/lib/forms';
import { ConfirmForm, outlineButtonClass } from '@/components/ui/confirm-form';
import { FormMessage, SubmitButton } from '@/components/ui/form-field';
import { NewLinkNotice } from './copy-link';

const button = outlineButtonClass;

/**
 * Discharge (confirmed first), restore, and a fresh set-password link for a patient who has not
 * set a password yet; once they have, a new link is the clinic admin's to give.
 */
export function PatientActions({
  patientId,
  name,
  discharged,
  hasPassword,
}: {
  patientId: string;
  name: string;
  discharged: boolean;
  hasPassword: boolean;
}) {
  const [confirming, setConfirming] = useState(false);
  const [dischargeState, discharge, discharging] = useActionState(
    dischargePatientAction,
    idleState,
  );
  const [restoreState, restore, restoring] = useActionState(restorePatientAction, idleState);
  const [linkState, issueLink, issuing] = useActionState(newSetPasswordLinkAction, idleState);
  const message = [dischargeState, restoreState, linkState].find(
    (s) => s.status === 'error',
  )?.message;

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        {discharged ? (
          <form action={restore}>
            <input type="hidden" name="patientId" value={patientId} />
            <SubmitButton
              pending={restoring}
              pendingLabel="Restoring…"
              className={`${button} border-brand text-brand-strong`}
            >
              Restore to caseload
            </SubmitButton>
          </form>
        ) : confirming ? (
          <ConfirmForm
            action={discharge}
            fields={{ patientId }}
            question={`Discharge ${name}? Their programme ends today. All their records are kept, and you can restore them later.`}
            confirmLabel="Yes, discharge"
            pendingLabel="Discharging…"
            pending={discharging}
            onCancel={() => setConfirming(false)}
          />
        ) : (
          <button
            type="button"
            onClick={() => setConfirming(true)}
            className={`${button} border-danger text-danger`}
          >
            Discharge…
          </button>
        )}
        {hasPassword ? null : (
          <form action={issueLink}>
            <input type="hidden" name="userId" value={patientId} />
            <SubmitButton
              pending={issuing}
              pendingLabel="Creating link…"
              className={`${button} border-line bg-surface`}
            >
              New set-password link
            </SubmitButton>
          </form>
        )}
      </div>
      {hasPassword ? (
        <p className="text-muted text-sm">
          {name} has set a password. If they have lost it, ask the clinic&rsquo;s admin for a new
          set-password link.
        </p>
      ) : null}
      <FormMessage message={message} look="text" />
      {discharged && dischargeState.status === 'success' ? (
        <p role="status">{dischargeState.message}</p>
      ) : null}
      {!discharged && restoreState.status === 'success' ? (
        <p role="status">{restoreState.message}</p>
      ) : null}
      <NewLinkNotice state={linkState} />
    </div>
  );
}
