'use client';

import { useActionState } from 'react';
import { setAccountActiveAction } from '@/app/admin/actions';
import { SubmitButton } from '@/components/ui/form-field';
import { idleState } from '@/lib/forms';

export function AccountStatusButton({
  userId,
  name,
  active,
}: {
  userId: string;
  name: string;
  active: boolean;
}) {
  const [state, formAction, pending] = useActionState(setAccountActiveAction, idleState);
  return (
    <form action={formAction} className="flex flex-col items-start gap-1">
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="active" value={active ? 'false' : 'true'} />
      <SubmitButton
        pending={pending}
        pendingLabel="Saving…"
        aria-label={`${active ? 'Deactivate' : 'Reactivate'} ${name}`}
        className={`min-h-11 rounded border px-3 py-1.5 text-sm font-medium disabled:opacity-60 ${active ? 'border-danger text-danger hover:bg-danger-soft' : 'border-brand text-brand-strong hover:bg-brand-soft'}`}
      >
        {active ? 'Deactivate' : 'Reactivate'}
      </SubmitButton>
      {state.status === 'error' && state.message ? (
        <p role="alert" className="text-danger text-sm">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
