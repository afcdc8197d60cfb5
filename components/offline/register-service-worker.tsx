'use client';

import { useEffect } from 'react';
import { SERVICE_WORKER_SCOPE, SERVICE_WORKER_URL } from '@/lib/offline/scope';

/**
 * Registers the patient's service worker once the page has hydrated. A direct call to
 * `navigator.serviceWorker.register` rather than Serwist's window client (@serwist/turbopack's
 * `SerwistProvider`): that client (with zod, also kept out of the phone now) made /patient's
 * first load 223.0 kB gz instead of 191.3, for features Adhere does not use (re-caching on client navigation, reloading when back online, an
 * update prompt). The worker itself skips waiting and claims its clients, so nothing else is needed.
 */
export function RegisterServiceWorker() {
  useEffect(() => {
    // `next dev` serves no worker of its own build: a stale one would hide the code being edited.
    if (process.env.NODE_ENV === 'development' || !('serviceWorker' in navigator)) return;
    navigator.serviceWorker
      .register(SERVICE_WORKER_URL, { scope: SERVICE_WORKER_SCOPE, type: 'classic' })
      // A failed registration (private mode, a browser that refuses workers) only means the app
      // does not work offline; the page itself is unaffected, so there is nothing to show.
      .catch(() => undefined);
  }, []);
  return null;
}
