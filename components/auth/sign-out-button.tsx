'use client';

import { useState } from 'react';
import { useHydrated } from '@/components/ui/use-hydrated';
import { signOutTo } from './sign-out';

const SIGNED_OUT_PAGE = '/login?signedOut=1';

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  const [failed, setFailed] = useState(false);
  // Until hydrated a tap would do nothing at all: the button waits for React.
  const hydrated = useHydrated();
  return (
    <>
      <button
        type="button"
        disabled={pending || !hydrated}
        onClick={() => {
          setPending(true);
          setFailed(false);
          signOutTo(SIGNED_OUT_PAGE).catch(() => {
            setPending(false);
            setFailed(true);
          });
        }}
        className="border-line hover:bg-canvas min-h-11 rounded border px-3 py-2 font-medium disabled:opacity-60"
      >
        {pending ? 'Signing out…' : 'Sign out'}
      </button>
      <span role="status" className="text-danger">
        {failed ? 'Not signed out: check the connection and try again.' : ''}
      </span>
    </>
  );
}
