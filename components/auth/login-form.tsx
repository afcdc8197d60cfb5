'use client';

import { signIn } from 'next-auth/react';
import { useId, useState } from 'react';
import { FormField, FormMessage, SubmitButton } from '@/components/ui/form-field';
import {
  SIGN_IN_UNAVAILABLE_CODE,
  SIGN_IN_UNAVAILABLE_MESSAGE,
  parseThrottledErrorCode,
  throttledMessage,
} from '@/lib/sign-in-throttle';

const SIGN_IN_FAILED = 'That email and password do not match an active account.';

interface FieldErrors {
  email?: string;
  password?: string;
}

export function LoginForm({ callbackUrl }: { callbackUrl?: string }) {
  const id = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fieldErrors: FieldErrors = {};
    if (!email.trim()) fieldErrors.email = 'Enter your email address.';
    if (!password) fieldErrors.password = 'Enter your password.';
    setErrors(fieldErrors);
    setMessage(null);
    if (fieldErrors.email || fieldErrors.password) return;

    setPending(true);
    try {
      const result = await signIn('credentials', { email, password, redirect: false });
      if (!result || result.error) {
        const retryAfter = parseThrottledErrorCode(result?.error);
        if (retryAfter !== null) {
          // Not checked at all, so the password typed stays for the next try.
          setMessage(throttledMessage(retryAfter));
          return;
        }
        if (result?.error === SIGN_IN_UNAVAILABLE_CODE) {
          setMessage(SIGN_IN_UNAVAILABLE_MESSAGE);
          return;
        }
        setPassword('');
        setMessage(SIGN_IN_FAILED);
        return;
      }
      // The server decides where this role lands (and whether callbackUrl is allowed).
      const next = callbackUrl ? `/?callbackUrl=${encodeURIComponent(callbackUrl)}` : '/';
      window.location.assign(next);
    } catch {
      setMessage('Adhere could not be reached. Check your connection and try again.');
    } finally {
      setPending(false);
    }
  }

  const field =
    'mt-1 block min-h-11 w-full rounded border border-line bg-surface px-3 py-2 text-base aria-[invalid=true]:border-danger';

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <FormMessage message={message} />
      <FormField id={`${id}-email`} label="Email" error={errors.email}>
        {(a11y) => (
          <input
            {...a11y}
            name="email"
            type="email"
            autoComplete="username"
            inputMode="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            className={field}
          />
        )}
      </FormField>
      <FormField id={`${id}-password`} label="Password" error={errors.password}>
        {(a11y) => (
          <input
            {...a11y}
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            className={field}
          />
        )}
      </FormField>
      <SubmitButton
        pending={pending}
        pendingLabel="Signing in…"
        className="bg-brand hover:bg-brand-strong min-h-11 w-full rounded px-4 py-2 font-semibold text-white disabled:opacity-70"
      >
        Sign in
      </SubmitButton>
    </form>
  );
}
