/// <reference lib="webworker" />
// The service worker's part in reminders (bundled into /sw.js with lib/offline/service-worker.ts):
// show what the scheduler pushed, open Today when the notification is tapped, and keep the
// phone subscribed when the browser renews its push address. lib/offline/reminder-notification.ts
// holds the rules; this file only wires them to the worker's events.
import {
  readReminderPayload,
  reminderNotificationOptions,
  reminderTarget,
  windowToReuse,
} from './reminder-notification';

export function listenForReminders(worker: ServiceWorkerGlobalScope): void {
  worker.addEventListener('push', (event) => {
    const payload = readReminderPayload(event.data?.text());
    // userVisibleOnly: every push shows a notification, or Chromium shows a generic one itself.
    event.waitUntil(
      worker.registration.showNotification(payload.title, reminderNotificationOptions(payload)),
    );
  });

  worker.addEventListener('notificationclick', (event) => {
    event.notification.close();
    const data = event.notification.data as { url?: unknown } | null;
    event.waitUntil(openPatientPage(worker, reminderTarget(data?.url, worker.location.origin)));
  });

  worker.addEventListener('pushsubscriptionchange', (event) => {
    event.waitUntil(renewSubscription(worker, event));
  });
}

/** Brings forward a window already on a patient's page (sent to `path`), or opens one. */
async function openPatientPage(worker: ServiceWorkerGlobalScope, path: string): Promise<void> {
  const windows = await worker.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const index = windowToReuse(windows, worker.location.origin);
  const open = windows[index];
  if (!open) {
    await worker.clients.openWindow(path);
    return;
  }
  // Focusing may be refused (it needs the tap's user activation); the page still goes to Today.
  const focused = await open.focus().catch(() => open);
  const showing = new URL(focused.url);
  if (`${showing.pathname}${showing.search}${showing.hash}` !== path) {
    // navigate() works only on a window this worker controls; an uncontrolled one stays as it is.
    await focused.navigate(path).catch(() => null);
  }
}

/**
 * The push service replaced (or dropped) this phone's address. Subscribing again with the same
 * application server key keeps the phone signed up; the settings page saves the browser's current
 * subscription whenever it opens (components/reminders/push-subscription-control.tsx), and the
 * scheduler forgets the old address when the push service answers 404 or 410 for it.
 */
async function renewSubscription(
  worker: ServiceWorkerGlobalScope,
  event: PushSubscriptionChangeEvent,
): Promise<void> {
  if (event.newSubscription) return;
  const applicationServerKey = event.oldSubscription?.options.applicationServerKey;
  if (!applicationServerKey) return;
  await worker.registration.pushManager
    .subscribe({ userVisibleOnly: true, applicationServerKey })
    // Without permission or a push service there is nothing to renew; the settings page says so.
    .catch(() => null);
}
