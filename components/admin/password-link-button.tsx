'use client';

import { useActionState } from 'react';
import { FormMessage, SubmitButton } from '@/components/ui/form-field';
import { idleState } from '@/lib/forms';
import { newSetPasswordLinkAction } from '@/app/(auth)/set-password/actions';
import { NewLinkNotice } from '@/components/patients/copy-link';

/** Issues a new one-time set-password link for an account and shows it once. */
export function PasswordLinkButton({ userId }: { userId: string }) {
  const [state, formAction, pending] = useActionState(newSetPasswordLinkAction, idleState);
  return (
    <div className="space-y-3">
      <form action={formAction}>
        <input type="hidden" name="userId" value={userId} />
        <SubmitButton
          pending={pending}
          pendingLabel="Creating link…"
          className="border-line bg-surface min-h-11 rounded border px-4 py-2 font-semibold disabled:opacity-60"
        >
          New set-password link
        </SubmitButton>
      </form>
      <FormMessage state={state} look="text" />
      <NewLinkNotice state={state} />
    </div>
  );
}
