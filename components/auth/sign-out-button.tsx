'use client';

import { signOut } from 'next-auth/react';
import { useState } from 'react';
import { useHydrated } from '@/components/ui/use-hydrated';

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  // Until hydrated a tap would do nothing at all: the button waits for React.
  const hydrated = useHydrated();
  return (
    <button
      type="button"
      disabled={pending || !hydrated}
      onClick={() => {
        setPending(true);
        void signOut({ callbackUrl: '/login?signedOut=1' });
      }}
      className="border-line hover:bg-canvas min-h-11 rounded border px-3 py-2 font-medium disabled:opacity-60"
    >
      {pending ? 'Signing out…' : 'Sign out'}
    </button>
  );
}
