/// <reference lib="webworker" />
// Adhere's service worker, bundled by Serwist into /sw.js (app/sw.js/route.ts). lib/offline/scope.ts
// decides what it may keep; anything else goes to the network as if there were no worker.
import {
  CacheFirst,
  ExpirationPlugin,
  NetworkFirst,
  Serwist,
  type PrecacheEntry,
  type SerwistGlobalConfig,
  type SerwistPlugin,
} from 'serwist';
import { listenForReminders } from './reminder-events';
import { CACHE_NAMES, isBuildAsset, isKeepableAnswer, isPatientPage } from './scope';

declare global {
  interface WorkerGlobalScope extends SerwistGlobalConfig {
    /** The app's icons, with their revisions; filled in by Serwist at build time. */
    __SW_MANIFEST: (PrecacheEntry | string)[] | undefined;
  }
}
declare const self: ServiceWorkerGlobalScope;

const DAY = 24 * 60 * 60;

const onlyRenderedPages: SerwistPlugin = {
  cacheWillUpdate: async ({ response }) => (isKeepableAnswer(response) ? response : null),
};

const serwist = new Serwist({
  precacheEntries: self.__SW_MANIFEST,
  skipWaiting: true,
  clientsClaim: true,
  disableDevLogs: true,
  runtimeCaching: [
    {
      // Always the network first, so the patient sees today's programme whenever there is a
      // connection; the last copy only when there is none.
      matcher: isPatientPage,
      handler: new NetworkFirst({
        cacheName: CACHE_NAMES.patientPages,
        networkTimeoutSeconds: 10,
        plugins: [
          onlyRenderedPages,
          new ExpirationPlugin({ maxEntries: 32, maxAgeSeconds: 14 * DAY }),
        ],
      }),
    },
    {
      matcher: isBuildAsset,
      handler: new CacheFirst({
        cacheName: CACHE_NAMES.buildAssets,
        plugins: [
          onlyRenderedPages,
          new ExpirationPlugin({ maxEntries: 200, maxAgeSeconds: 30 * DAY }),
        ],
      }),
    },
  ],
});

serwist.addEventListeners();
// Reminders pushed by the scheduler, shown as notifications that open Today (issue 18, item 3).
listenForReminders(self);
