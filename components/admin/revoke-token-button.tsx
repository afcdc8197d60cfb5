'use client';

import { useActionState, useState } from 'react';
import { revokeApiTokenAction } from '@/app/admin/tokens/actions';
import { SubmitButton } from '@/components/ui/form-field';
import { idleState } from '@/lib/forms';

const button = 'min-h-11 rounded border px-3 py-1.5 text-sm font-medium disabled:opacity-60';

/** Revokes a token, confirmed first: it cannot be undone, and whatever uses it stops at once. */
export function RevokeTokenButton({ tokenId, name }: { tokenId: string; name: string }) {
  const [confirming, setConfirming] = useState(false);
  const [state, formAction, pending] = useActionState(revokeApiTokenAction, idleState);
  return (
    <div className="flex flex-col items-start gap-1">
      {confirming ? (
        <form
          action={formAction}
          className="border-danger bg-danger-soft flex flex-wrap items-center gap-2 rounded border p-2"
        >
          <input type="hidden" name="tokenId" value={tokenId} />
          <p className="w-full text-sm">Revoke {name}? Whatever uses it stops working at once.</p>
          <SubmitButton
            pending={pending}
            pendingLabel="Revoking…"
            className={`${button} border-danger bg-danger text-white`}
          >
            Yes, revoke
          </SubmitButton>
          <button
            type="button"
            onClick={() => setConfirming(false)}
            className={`${button} border-line bg-surface`}
          >
            Cancel
          </button>
        </form>
      ) : (
        <button
          type="button"
          onClick={() => setConfirming(true)}
          aria-label={`Revoke ${name}…`}
          className={`${button} border-danger text-danger hover:bg-danger-soft`}
        >
          Revoke…
        </button>
      )}
      {state.status === 'error' && state.message ? (
        <p role="alert" className="text-danger text-sm">
          {state.message}
        </p>
      ) : null}
    </div>
  );
}
