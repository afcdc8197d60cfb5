/**
 * Whether this phone gets Adhere's reminders as notifications, and what the patient is told in
 * each case (components/reminders/push-subscription-control.tsx shows it). Every failure is said
 * in words with what to do next, and that e-mail reminders are not affected.
 */

export type PhoneNotificationState =
  /** Before the page has asked the browser (the server's HTML, and the first moment after). */
  | 'checking'
  | 'on'
  | 'off'
  /** No service worker, Push API or Notification API here (iOS outside the home screen). */
  | 'unsupported'
  /** The server has no VAPID key: push is switched off for the clinic. */
  | 'not-set-up'
  /** The browser's permission for the site is "blocked". */
  | 'denied'
  /** The permission prompt was closed without an answer. */
  | 'dismissed'
  /** Permission granted, but the browser's push service refused or is missing. */
  | 'subscribe-failed'
  /** The phone is subscribed, but the server could not store it. */
  | 'save-failed'
  | 'turn-off-failed';

export type PhoneNotificationAction = 'turn-on' | 'turn-off';

export interface PhoneNotificationView {
  /** Whether the page says "on" (for the patient, and for assistive technology as a status). */
  on: boolean;
  headline: string;
  detail: string;
  /** The one button offered, if any. */
  action: PhoneNotificationAction | null;
  /** Whether this is a problem the patient should notice (drawn as a warning). */
  problem: boolean;
}

export const TURN_ON_LABEL = 'Turn on notifications on this phone';
export const TURN_OFF_LABEL = 'Turn off notifications on this phone';
export const PENDING_LABELS: Record<PhoneNotificationAction, string> = {
  'turn-on': 'Turning on…',
  'turn-off': 'Turning off…',
};
export const EMAIL_STILL_WORKS = 'Reminders by e-mail still work: you can choose them here too.';

export interface PhoneCapabilities {
  serviceWorker: boolean;
  pushManager: boolean;
  notification: boolean;
  /** An iPhone or iPad: there, push exists only in an app added to the home screen. */
  appleMobile: boolean;
}

/** What the page sees first, from the browser's state (no prompt is shown to find it out). */
export function startingState(input: {
  capabilities: PhoneCapabilities;
  serverKey: string | null;
  permission: NotificationPermission | null;
  subscribed: boolean;
}): PhoneNotificationState {
  const { capabilities } = input;
  if (!capabilities.serviceWorker || !capabilities.pushManager || !capabilities.notification) {
    return 'unsupported';
  }
  if (!input.serverKey) return 'not-set-up';
  if (input.permission === 'denied') return 'denied';
  return input.subscribed && input.permission === 'granted' ? 'on' : 'off';
}

/** The state after `Notification.requestPermission()` answered `permission`, if not granted. */
export function refusedPermissionState(
  permission: NotificationPermission,
): PhoneNotificationState | null {
  if (permission === 'granted') return null;
  return permission === 'denied' ? 'denied' : 'dismissed';
}

/**
 * A failed `pushManager.subscribe()`. NotAllowedError is the permission; everything else
 * (AbortError "Registration failed", a browser built without a push service such as Debian's
 * Chromium, no connection to it) means the push service did not give this phone an address.
 */
export function subscribeFailureState(error: unknown): PhoneNotificationState {
  const name = error instanceof Error || isDomExceptionLike(error) ? error.name : '';
  return name === 'NotAllowedError' ? 'denied' : 'subscribe-failed';
}

function isDomExceptionLike(value: unknown): value is { name: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { name?: unknown }).name === 'string'
  );
}

const HOME_SCREEN_FIRST =
  'On an iPhone or iPad, notifications work only in Adhere added to your home screen: in Safari tap Share, then Add to Home Screen, open Adhere from its new icon and come back to Settings.';

/** What the patient reads for a state. `saveMessage` is the server's words for a failed save. */
export function describePhoneNotifications(
  state: PhoneNotificationState,
  context: { appleMobile: boolean; saveMessage?: string },
): PhoneNotificationView {
  const off = { on: false, problem: false };
  switch (state) {
    case 'checking':
      return { ...off, headline: 'Checking this phone…', detail: '', action: null };
    case 'on':
      return {
        on: true,
        problem: false,
        headline: 'This phone gets notifications.',
        detail: 'Your reminders appear here as a notification; tap one to open Today.',
        action: 'turn-off',
      };
    case 'off':
      return {
        ...off,
        headline: 'This phone does not get notifications.',
        detail:
          'Turn them on to have your reminders appear on this phone. Your browser will ask you to allow them.',
        action: 'turn-on',
      };
    case 'unsupported':
      return {
        ...off,
        problem: true,
        headline: 'This browser cannot show notifications from Adhere.',
        detail: `${
          context.appleMobile
            ? HOME_SCREEN_FIRST
            : `Open Adhere in an up-to-date Chrome, Edge, Firefox or Samsung Internet, or add it to your home screen. ${HOME_SCREEN_FIRST}`
        } ${EMAIL_STILL_WORKS}`,
        action: null,
      };
    case 'not-set-up':
      return {
        ...off,
        problem: true,
        headline: 'Notifications are not available from your clinic yet.',
        detail: EMAIL_STILL_WORKS,
        action: null,
      };
    case 'denied':
      return {
        ...off,
        problem: true,
        headline: 'Notifications are blocked for Adhere in this browser.',
        detail: `To allow them, tap the icon beside the address bar (a lock or a slider), open Permissions or Site settings, and set Notifications to Allow; on Android you can also open Settings, then Apps, your browser, Notifications. Then come back here and press the button again. ${EMAIL_STILL_WORKS}`,
        action: 'turn-on',
      };
    case 'dismissed':
      return {
        ...off,
        problem: true,
        headline: 'Notifications were not turned on.',
        detail: `Your browser asked whether to allow them and got no answer. Press the button again and choose Allow. ${EMAIL_STILL_WORKS}`,
        action: 'turn-on',
      };
    case 'subscribe-failed':
      return {
        ...off,
        problem: true,
        headline: 'This phone could not be signed up for notifications.',
        detail: `Its browser did not get an address from its push service (the service that delivers notifications): the browser may have none, or it could not be reached. Try again later, or in another browser. ${EMAIL_STILL_WORKS}`,
        action: 'turn-on',
      };
    case 'save-failed':
      return {
        ...off,
        problem: true,
        headline: 'Adhere could not save this phone for notifications.',
        detail: `${context.saveMessage ?? 'Check your connection and try again.'} ${EMAIL_STILL_WORKS}`,
        action: 'turn-on',
      };
    case 'turn-off-failed':
      return {
        on: true,
        problem: true,
        headline: 'Notifications could not be turned off.',
        detail: `${context.saveMessage ?? 'Check your connection and try again.'} Until then this phone may still get notifications.`,
        action: 'turn-off',
      };
  }
}

/** A VAPID public key (base64url, as web-push prints it) as `applicationServerKey` wants it. */
export function applicationServerKey(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Whether `used` (a subscription's `options.applicationServerKey`) is the key `base64url`. */
export function isSameServerKey(used: ArrayBuffer | null, base64url: string): boolean {
  if (!used) return false;
  const expected = applicationServerKey(base64url);
  const actual = new Uint8Array(used);
  return actual.length === expected.length && actual.every((byte, i) => byte === expected[i]);
}

/** Whether the user agent is an iPhone or iPad (iPadOS says "Macintosh" but has touch). */
export function isAppleMobile(userAgent: string, maxTouchPoints: number): boolean {
  return /iPhone|iPad|iPod/.test(userAgent) || (/Macintosh/.test(userAgent) && maxTouchPoints > 1);
}
