'use client';

import { useEffect } from 'react';
import { forgetPersonalCaches } from '@/lib/offline/scope';

/**
 * On the sign-in page nobody is signed in on this device (a signed-in visitor is sent home), so
 * the patient's pages kept for offline use go: after signing out, and after a session ended.
 * Done here rather than at the tap on "Sign out", when the page's own requests may still be
 * filling the cache again.
 */
export function ForgetPersonalCaches() {
  useEffect(() => {
    void forgetPersonalCaches().catch(() => undefined);
  }, []);
  return null;
}
