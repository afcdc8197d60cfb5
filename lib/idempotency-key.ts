/*
 * Client-safe: the patient's day-log form imports this, so nothing here may pull in zod (the
 * schema is lib/validation/idempotency-key).
 */

/**
 * A random UUID v4 for a submission's idempotency key, on the server and in the browser. Built
 * from getRandomValues because crypto.randomUUID exists only on https or localhost, and clinics
 * may serve Adhere on plain http inside their network.
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** What a form whose key is missing or malformed says (a stale or tampered page). */
export const KEY_OUT_OF_DATE = 'This form is out of date. Reload the page and try again.';
