'use client';

import { signIn } from 'next-auth/react';
import { useState, useTransition } from 'react';
import { fieldError, idleState, type FormState } from '@/lib/forms';
import { setPasswordAction } from '@/app/(auth)/set-password/actions';
import {
  bindValue,
  FormMessage,
  InputField,
  SubmitButton,
  wideButtonClass,
} from '@/components/ui/form-field';

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

  // Neither field has a name: the form is sent by script, never as a page's form post.
  const newPassword = (id: string, key: string, value: string, set: (value: string) => void) => ({
    id,
    error: fieldError(state, key),
    type: 'password',
    autoComplete: 'new-password',
    ...bindValue(value, set),
  });

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <FormMessage state={state} />
      <InputField
        {...newPassword('new-password', 'password', password, setPassword)}
        label="New password"
        hint="At least 12 characters. A short sentence you will remember works well."
      />
      <InputField
        {...newPassword('confirm-password', 'confirm', confirm, setConfirm)}
        label="Repeat the password"
      />
      <SubmitButton pending={pending} pendingLabel="Saving…" className={wideButtonClass}>
        Save password and sign in
      </SubmitButton>
    </form>
  );
}
