'use client';

import { signOut } from 'next-auth/react';
import { useState } from 'react';
import { useHydrated } from '@/components/ui/use-hydrated';
import { forgetPersonalCaches } from '@/lib/offline/scope';

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
        // The patient's pages kept for offline use leave the device with the session.
        void forgetPersonalCaches()
          .catch(() => undefined)
          .then(() => signOut({ callbackUrl: '/login?signedOut=1' }));
      }}
      className="border-line hover:bg-canvas min-h-11 rounded border px-3 py-2 font-medium disabled:opacity-60"
    >
      {pending ? 'Signing out…' : 'Sign out'}
    </button>
  );
}
