'use client';

import { useEffect, useState } from 'react';
import { removePushSubscriptionAction, savePushSubscriptionAction } from '@/app/patient/actions';
import { wideButtonClass } from '@/components/ui/form-field';
import { useHydrated } from '@/components/ui/use-hydrated';
import { idleState, type FormState } from '@/lib/forms';
import {
  TURN_OFF_LABEL,
  TURN_ON_LABEL,
  applicationServerKey,
  describePhoneNotifications,
  isAppleMobile,
  isSameServerKey,
  PENDING_LABELS,
  refusedPermissionState,
  startingState,
  subscribeFailureState,
  type PhoneCapabilities,
  type PhoneNotificationAction,
  type PhoneNotificationState,
} from '@/lib/offline/phone-notifications';
import { SERVICE_WORKER_SCOPE, SERVICE_WORKER_URL } from '@/lib/offline/scope';

/** How long turning on waits for the service worker to become active before giving up. */
const WORKER_READY_MS = 15_000;

function capabilities(): PhoneCapabilities {
  return {
    serviceWorker: 'serviceWorker' in navigator,
    pushManager: 'PushManager' in window,
    notification: 'Notification' in window,
    appleMobile: isAppleMobile(navigator.userAgent, navigator.maxTouchPoints),
  };
}

/** The patient's worker, registered if the page's own registration has not happened yet. */
async function activeRegistration(): Promise<ServiceWorkerRegistration> {
  await navigator.serviceWorker.register(SERVICE_WORKER_URL, {
    scope: SERVICE_WORKER_SCOPE,
    type: 'classic',
  });
  // pushManager.subscribe needs an active worker; `ready` waits for it (this page is in scope).
  return Promise.race([
    navigator.serviceWorker.ready,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('The service worker did not start.')), WORKER_READY_MS),
    ),
  ]);
}

function subscriptionForm(subscription: PushSubscription): FormData {
  const { endpoint, keys } = subscription.toJSON();
  const form = new FormData();
  form.set('endpoint', endpoint ?? '');
  form.set('p256dh', keys?.p256dh ?? '');
  form.set('auth', keys?.auth ?? '');
  return form;
}

/** A server action's answer, with a dropped connection as a failure like any other. */
async function send(
  action: (previous: FormState, form: FormData) => Promise<FormState>,
  form: FormData,
): Promise<FormState> {
  try {
    return await action(idleState, form);
  } catch {
    return { status: 'error' };
  }
}

/**
 * "Notifications on this phone", in the Reminders part of the settings page: whether this phone
 * gets reminders as notifications, and the one button that changes it. Each phone is its own
 * subscription (the patient may have several); turning on asks the browser's permission, gets an
 * address from the browser's push service and saves it; turning off removes it from the server,
 * then from the browser. Loaded by the settings page only, never by Today.
 */
export function PushSubscriptionControl({ vapidPublicKey }: { vapidPublicKey: string | null }) {
  const hydrated = useHydrated();
  const [state, setState] = useState<PhoneNotificationState>('checking');
  const [appleMobile, setAppleMobile] = useState(false);
  const [saveMessage, setSaveMessage] = useState<string>();
  const [pending, setPending] = useState<PhoneNotificationAction | null>(null);

  const saveSubscription = async (subscription: PushSubscription) => {
    const answer = await send(savePushSubscriptionAction, subscriptionForm(subscription));
    if (answer.status === 'success') return setState('on');
    // A refused address comes back as a field error; there is no field here, so say it itself.
    setSaveMessage(answer.errors?.endpoint?.[0] ?? answer.message);
    setState('save-failed');
  };

  useEffect(() => {
    let cancelled = false;
    const found = capabilities();
    void (async () => {
      let subscription: PushSubscription | null = null;
      const usable = found.serviceWorker && found.pushManager && found.notification;
      if (usable && vapidPublicKey) {
        const registration = await navigator.serviceWorker
          .getRegistration(SERVICE_WORKER_SCOPE)
          .catch(() => undefined);
        subscription =
          (await registration?.pushManager.getSubscription().catch(() => null)) ?? null;
        // One made with an earlier server key gets nothing now: start again from "off".
        if (
          subscription &&
          !isSameServerKey(subscription.options.applicationServerKey, vapidPublicKey)
        ) {
          await subscription.unsubscribe().catch(() => false);
          subscription = null;
        }
      }
      const starting = startingState({
        capabilities: found,
        serverKey: vapidPublicKey,
        permission: found.notification ? Notification.permission : null,
        subscribed: subscription !== null,
      });
      if (cancelled) return;
      setAppleMobile(found.appleMobile);
      setState(starting);
      // Saved again each time: the browser may have renewed its address (pushsubscriptionchange
      // in lib/offline/reminder-events.ts) or the server dropped one the push service refused.
      if (starting === 'on' && subscription) await saveSubscription(subscription);
    })();
    return () => {
      cancelled = true;
    };
  }, [vapidPublicKey]);

  const turnOn = async () => {
    if (!vapidPublicKey) return;
    setSaveMessage(undefined);
    const refused = refusedPermissionState(await Notification.requestPermission());
    if (refused) return setState(refused);
    let subscription: PushSubscription;
    try {
      const registration = await activeRegistration();
      subscription =
        (await registration.pushManager.getSubscription()) ??
        (await registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: applicationServerKey(vapidPublicKey),
        }));
    } catch (error) {
      return setState(subscribeFailureState(error));
    }
    await saveSubscription(subscription);
  };

  const turnOff = async () => {
    setSaveMessage(undefined);
    const registration = await navigator.serviceWorker
      .getRegistration(SERVICE_WORKER_SCOPE)
      .catch(() => undefined);
    const subscription = await registration?.pushManager.getSubscription().catch(() => null);
    if (!subscription) return setState('off');
    const form = new FormData();
    form.set('endpoint', subscription.endpoint);
    const answer = await send(removePushSubscriptionAction, form);
    if (answer.status !== 'success') {
      setSaveMessage(answer.message);
      return setState('turn-off-failed');
    }
    // The server sends nothing to it any more; the browser forgetting it too is a courtesy.
    await subscription.unsubscribe().catch(() => false);
    setState('off');
  };

  /** Runs one button's work, the button disabled and saying what it does until it is done. */
  const run = (action: PhoneNotificationAction) => {
    setPending(action);
    void (action === 'turn-on' ? turnOn() : turnOff()).finally(() => setPending(null));
  };

  const view = describePhoneNotifications(state, { appleMobile, saveMessage });
  return (
    <div
      className={`rounded-lg border p-4 ${
        view.problem ? 'border-warning bg-warning-soft' : 'border-line bg-surface'
      }`}
    >
      <h3 id="phone-notifications-heading" className="text-lg font-semibold">
        Notifications on this phone
      </h3>
      <div role="status" aria-live="polite" className="mt-2 space-y-1">
        <p className="font-medium" data-notifications={view.on ? 'on' : 'off'}>
          {view.headline}
        </p>
        {view.detail ? <p className="text-sm">{view.detail}</p> : null}
      </div>
      {view.action ? (
        <button
          type="button"
          className={`${wideButtonClass} mt-3 min-h-12`}
          disabled={!hydrated || pending !== null}
          onClick={() => run(view.action!)}
        >
          {pending
            ? PENDING_LABELS[pending]
            : view.action === 'turn-on'
              ? TURN_ON_LABEL
              : TURN_OFF_LABEL}
        </button>
      ) : null}
    </div>
  );
}
