'use client';

import { signIn } from 'next-auth/react';
import { useState, useTransition } from 'react';
import { fieldError, idleState, type FormState } from '@/lib/forms';
import { setPasswordAction } from '@/app/(auth)/set-password/actions';
import { FormField, FormMessage, inputClass, SubmitButton } from '@/components/ui/form-field';

export function SetPasswordForm({ token }: { token: string }) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [state, setState] = useState<FormState>(idleState);
  const [pending, startTransition] = useTransition();

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    startTransition(async () => {
      const result = await setPasswordAction({ token, password, confirm });
      setState(result);
      if (result.status !== 'success' || !result.data?.email) return;
      // Signed in with the new password straight away, then on to today's exercises.
      const signedIn = await signIn('credentials', {
        email: result.data.email,
        password,
        redirect: false,
      });
      window.location.assign(signedIn?.ok && !signedIn.error ? '/' : '/login');
    });
  }

  if (state.status === 'success') {
    return (
      <p role="status" className="bg-brand-soft rounded px-3 py-2">
        Your password is saved. Signing you in…
      </p>
    );
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <FormMessage message={state.status === 'error' ? state.message : undefined} />
      <FormField
        id="new-password"
        label="New password"
        hint="At least 12 characters. A short sentence you will remember works well."
        error={fieldError(state, 'password')}
      >
        {(a11y) => (
          <input
            {...a11y}
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            className={inputClass}
          />
        )}
      </FormField>
      <FormField
        id="confirm-password"
        label="Repeat the password"
        error={fieldError(state, 'confirm')}
      >
        {(a11y) => (
          <input
            {...a11y}
            type="password"
            autoComplete="new-password"
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
            className={inputClass}
          />
        )}
      </FormField>
      <SubmitButton
        pending={pending}
        pendingLabel="Saving…"
        className="bg-brand hover:bg-brand-strong min-h-11 w-full rounded px-4 py-2 font-semibold text-white disabled:opacity-70"
      >
        Save password and sign in
      </SubmitButton>
    </form>
  );
}
