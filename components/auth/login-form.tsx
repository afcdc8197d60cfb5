'use client';

import { signIn } from 'next-auth/react';
import { useId, useState } from 'react';
import {
  bindValue,
  FormMessage,
  InputField,
  SubmitButton,
  wideButtonClass,
} from '@/components/ui/form-field';
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

  const field = (name: keyof FieldErrors, value: string, set: (value: string) => void) => ({
    id: `${id}-${name}`,
    name,
    error: errors[name],
    ...bindValue(value, set),
  });

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <FormMessage message={message} />
      <InputField
        {...field('email', email, setEmail)}
        label="Email"
        type="email"
        autoComplete="username"
        inputMode="email"
      />
      <InputField
        {...field('password', password, setPassword)}
        label="Password"
        type="password"
        autoComplete="current-password"
      />
      <SubmitButton pending={pending} pendingLabel="Signing in…" className={wideButtonClass}>
        Sign in
      </SubmitButton>
    </form>
  );
}
