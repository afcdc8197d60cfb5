import { z } from 'zod';

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

/**
 * A submission's idempotency key as every form and the JSON day log send it: a UUID, so that keys
 * derived from it (a completion's `<key>:<item>:<session>`) stay within the database's 100
 * characters.
 */
export const idempotencyKeySchema = z.uuid(KEY_OUT_OF_DATE);
