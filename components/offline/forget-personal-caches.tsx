'use client';

import { useEffect } from 'react';
import { browserQueue } from '@/lib/offline/day-log-queue';
import { forgetPushSubscriptions } from '@/lib/offline/forget-push-subscription';
import { forgetPersonalCaches } from '@/lib/offline/scope';

/**
 * On the sign-in page nobody is signed in on this device (a signed-in visitor is sent home), so
 * the patient's pages kept for offline use go: after signing out, and after a session ended.
 * Done here rather than at the tap on "Sign out", when the page's own requests may still be
 * filling the cache again.
 *
 * The saves kept on the phone to be sent (lib/offline/day-log-queue.ts) go only when the patient
 * signed out (`signedOut`): a session that merely ended keeps them, to be sent once the same
 * patient signs in again (Today drops what belongs to any other account). Signing out also ends
 * this phone's reminder notifications.
 */
export function ForgetPersonalCaches({ signedOut = false }: { signedOut?: boolean }) {
  useEffect(() => {
    void forgetPersonalCaches().catch(() => undefined);
    if (signedOut) {
      void browserQueue()
        ?.clear()
        .catch(() => undefined);
      void forgetPushSubscriptions().catch(() => undefined);
    }
  }, [signedOut]);
  return null;
}
