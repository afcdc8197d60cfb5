import { z } from 'zod';
import { KEY_OUT_OF_DATE } from '@/lib/idempotency-key';

/**
 * A submission's idempotency key as every form and the JSON day log send it: a UUID, so that keys
 * derived from it (a completion's `<key>:<item>:<session>`) stay within the database's 100
 * characters. Kept apart from lib/idempotency-key, which the patient's phone loads: a schema
 * built at module level would bring zod into the browser bundle with it.
 */
export const idempotencyKeySchema = z.uuid(KEY_OUT_OF_DATE);
