'use client';

import { useSyncExternalStore } from 'react';

const subscribe = () => () => {};

/**
 * False in the server's HTML and until React has taken over the page, then true. A form that
 * only works through JavaScript stays disabled until then, so an early tap does nothing rather
 * than submit the form the browser's way (a reload that drops what was typed).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
