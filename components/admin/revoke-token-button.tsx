'use client';

import { useActionState, useState } from 'react';
import { revokeApiTokenAction } from '@/app/admin/tokens/actions';
import { ConfirmForm, outlineButtonClass } from '@/components/ui/confirm-form';
import { FormMessage } from '@/components/ui/form-field';
import { idleState } from '@/lib/forms';

/** Revokes a token, confirmed first: it cannot be undone, and whatever uses it stops at once. */
export function RevokeTokenButton({ tokenId, name }: { tokenId: string; name: string }) {
  const [confirming, setConfirming] = useState(false);
  const [state, formAction, pending] = useActionState(revokeApiTokenAction, idleState);
  return (
    <div className="flex flex-col items-start gap-1">
      {confirming ? (
        <ConfirmForm
          action={formAction}
          fields={{ tokenId }}
          question={`Revoke ${name}? Whatever uses it stops working at once.`}
          confirmLabel="Yes, revoke"
          pendingLabel="Revoking…"
          pending={pending}
          onCancel={() => setConfirming(false)}
        />
      ) : (
        <button
          type="button"
          onClick={() => setConfirming(true)}
          aria-label={`Revoke ${name}…`}
          className={`${outlineButtonClass} border-danger text-danger hover:bg-danger-soft`}
        >
          Revoke…
        </button>
      )}
      <FormMessage message={state.status === 'error' ? state.message : undefined} />
    </div>
  );
}
