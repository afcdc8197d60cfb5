/**
 * What the service worker does with a pushed reminder (lib/offline/service-worker.ts): the
 * notification it shows, and where a tap on it goes. Plain functions, so the rules are tested
 * without a browser (tests/unit/reminder-notification.test.ts).
 */

/** One tag for every reminder: a new one replaces the last instead of piling up. */
export const REMINDER_TAG = 'adhere-reminder';

/** Where a tap goes unless the push named another of the patient's pages: Today. */
export const REMINDER_HOME = '/patient';

export const REMINDER_ICON = '/icons/icon-192.png';
/**
 * Android draws the badge in the status bar as a silhouette of its alpha channel: the 192-px icon
 * has transparent corners (the maskable one is opaque to the edge and would be a plain square).
 */
export const REMINDER_BADGE = '/icons/icon-192.png';

export interface ReminderPayload {
  title: string;
  body: string;
  url: string;
}

/** What a reminder says if its payload is missing or unreadable: a push must always show one. */
export const FALLBACK_REMINDER: ReminderPayload = {
  title: 'Adhere',
  body: 'Time for your exercises.',
  url: REMINDER_HOME,
};

const MAX_TITLE = 80;
const MAX_BODY = 240;

function text(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed ? trimmed.slice(0, max) : null;
}

/**
 * The payload the scheduler sends ({title, body, url}, as JSON), read defensively: Chromium
 * counts a push that shows no notification against the site, so anything unreadable still gives
 * the patient the usual reminder rather than nothing.
 */
export function readReminderPayload(data: string | null | undefined): ReminderPayload {
  let parsed: unknown;
  try {
    parsed = data ? JSON.parse(data) : null;
  } catch {
    parsed = null;
  }
  const fields =
    typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  return {
    title: text(fields.title, MAX_TITLE) ?? FALLBACK_REMINDER.title,
    body: text(fields.body, MAX_BODY) ?? FALLBACK_REMINDER.body,
    url: typeof fields.url === 'string' ? fields.url : REMINDER_HOME,
  };
}

/** The options for `registration.showNotification(title, options)`. */
export function reminderNotificationOptions(payload: ReminderPayload): NotificationOptions {
  return {
    body: payload.body,
    icon: REMINDER_ICON,
    badge: REMINDER_BADGE,
    tag: REMINDER_TAG,
    data: { url: payload.url },
  };
}

const isPatientPath = (pathname: string) =>
  pathname === REMINDER_HOME || pathname.startsWith(`${REMINDER_HOME}/`);

/**
 * Where a tap on a notification opens: the address it carries if that is one of the patient's
 * own pages on this origin, Today otherwise. The push service relays whatever the sender put in
 * the payload, so the rule holds whatever it says: another site, `javascript:`, a staff page or a
 * path that only climbs out of /patient (`/patient/../admin`, which the URL parser resolves
 * first) all open Today. Returned as a path with its query and fragment.
 */
export function reminderTarget(url: unknown, origin: string): string {
  if (typeof url !== 'string' || url === '') return REMINDER_HOME;
  let resolved: URL;
  try {
    resolved = new URL(url, origin);
  } catch {
    return REMINDER_HOME;
  }
  if (resolved.origin !== new URL(origin).origin || !isPatientPath(resolved.pathname)) {
    return REMINDER_HOME;
  }
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}

export interface OpenWindow {
  url: string;
  focused: boolean;
}

/**
 * Which of the open windows a tap brings forward: one already showing a patient's page (the
 * focused one first), so the patient is not left with two copies of the app. -1 when none is.
 */
export function windowToReuse(windows: readonly OpenWindow[], origin: string): number {
  // Read through the objects, never spread: a WindowClient's url and focused are getters on its
  // prototype, which a spread would drop.
  const onPatientPage = windows.map(({ url }) => {
    try {
      const parsed = new URL(url);
      return parsed.origin === new URL(origin).origin && isPatientPath(parsed.pathname);
    } catch {
      return false;
    }
  });
  const focused = windows.findIndex((window, i) => onPatientPage[i] && window.focused);
  return focused !== -1 ? focused : onPatientPage.indexOf(true);
}
