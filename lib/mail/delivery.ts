/** How often a message is tried before it is marked failed (about three hours in all). */
export const MAIL_MAX_ATTEMPTS = 10;
export const MAIL_RETRY_BASE_SECONDS = 30;
export const MAIL_RETRY_CAP_SECONDS = 60 * 60;

/** Exponential backoff after the given failed attempt (1-based): 30 s, 1 min, 2 min … at most 1 h. */
export function retryDelaySeconds(
  failedAttempt: number,
  base = MAIL_RETRY_BASE_SECONDS,
  cap = MAIL_RETRY_CAP_SECONDS,
): number {
  const exponent = Math.max(0, failedAttempt - 1);
  return Math.min(cap, base * 2 ** Math.min(exponent, 30));
}

export interface DeliveryFailure {
  /** Short, for the admin's account page and the log; never a credential or the link. */
  message: string;
  /** The server refused the recipient for good (5xx to the envelope): retrying cannot help. */
  permanent: boolean;
}

const MAX_MESSAGE = 300;

/** Turns a nodemailer error into what is kept: its kind and the server's reply, secrets removed. */
export function describeDeliveryFailure(
  error: unknown,
  secrets: readonly string[],
): DeliveryFailure {
  const details = (error ?? {}) as { code?: unknown; responseCode?: unknown; message?: unknown };
  const code = typeof details.code === 'string' ? details.code : null;
  const responseCode = typeof details.responseCode === 'number' ? details.responseCode : null;
  let message = typeof details.message === 'string' ? details.message : String(error);
  // Longest first, so a password that contains the user name is removed whole.
  for (const secret of [...secrets].filter(Boolean).sort((a, b) => b.length - a.length)) {
    message = message.split(secret).join('[redacted]');
  }
  message = message
    .replace(/\/\/[^/\s@]+@/g, '//[redacted]@')
    .replace(/\/set-password\/[\w%-]+/g, '/set-password/[redacted]')
    .replace(/\s+/g, ' ')
    .trim();
  const prefix = code ? `${code}: ` : '';
  const text = `${prefix}${message}`;
  return {
    message: text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text,
    permanent:
      code === 'EENVELOPE' && responseCode !== null && responseCode >= 500 && responseCode < 600,
  };
}
