import 'server-only';
import { redirect } from 'next/navigation';
import type { z } from 'zod';
import type { Actor } from '@/db/queries/actor';
import type { Role } from '@/db/schema';
import { clinicToday } from '@/lib/clinic-today';
import type { IsoDate } from '@/lib/dates';
import { CHECK_FIELDS, errorsByPath, type ActionResult, type FormState } from '@/lib/forms';
import { logServerError } from '@/lib/log.mjs';
import { getCurrentUser, recordDeniedRequest } from './session';

const SESSION_ENDED = 'Your session has ended. Please sign in again.';
const NOT_A_FORM = 'This form is out of date. Reload the page and try again.';

const SECRET_FIELDS = /password|confirm|token/i;

/** The submitted text fields, minus secrets, to put back into a form that failed. */
function submittedValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === 'string' && !key.startsWith('$ACTION') && !SECRET_FIELDS.test(key)) {
      values[key] = value;
    }
  }
  return values;
}

/** What a handler knows of the request besides the actor and the input. */
export interface ActionContext {
  /**
   * The clinic's today, read once per request: the schema and the handler see the same day even
   * when the request straddles midnight.
   */
  today: IsoDate;
}

/**
 * Every server action is a public endpoint reachable by a direct POST, so each one is built with
 * this wrapper: it resolves the session against the database, checks the role, validates the form
 * with zod, and turns unexpected failures into a calm message (the cause is logged on the server).
 * A failed submission gets back what was typed, so nothing is lost. Every refusal (nobody signed
 * in, another role, a record not found) is audited once as `access.denied` under `name`.
 */
export function defineAction<Schema extends z.ZodType>(options: {
  /** The action as the audit log names it: its exported name, e.g. `dischargePatientAction`. */
  name: string;
  roles: readonly Role[];
  /** A schema, or a function making one per request (for rules that depend on today). */
  schema: Schema | ((today: IsoDate) => Schema);
  /** Shapes the flat form entries before validation (e.g. `done.<id>` fields into a record). */
  fromForm?: (entries: Record<string, unknown>) => unknown;
  handler: (actor: Actor, input: z.infer<Schema>, context: ActionContext) => Promise<ActionResult>;
}) {
  // The arguments are typed for the form that calls it, but a direct POST can send anything.
  return async (_previous: FormState, formData: FormData): Promise<FormState> => {
    if (!(formData instanceof FormData)) return { status: 'error', message: NOT_A_FORM };
    const values = submittedValues(formData);
    const actor = await getCurrentUser();
    if (!actor || !options.roles.includes(actor.role)) {
      await recordDeniedRequest(actor, {
        kind: 'action',
        what: options.name,
        reason: actor ? 'role' : 'signed_out',
      });
      return { status: 'error', message: SESSION_ENDED, values };
    }
    const today = clinicToday();
    const schema = typeof options.schema === 'function' ? options.schema(today) : options.schema;
    const entries = Object.fromEntries(formData);
    const parsed = schema.safeParse(options.fromForm ? options.fromForm(entries) : entries);
    if (!parsed.success) {
      return {
        status: 'error',
        message: CHECK_FIELDS,
        errors: errorsByPath(parsed.error),
        values,
      };
    }
    let result: ActionResult;
    try {
      result = await options.handler(actor, parsed.data, { today });
    } catch (error) {
      await logServerError(error, { where: 'server action' });
      return {
        status: 'error',
        message: 'Something went wrong and nothing was saved. Please try again.',
        values,
      };
    }
    if (result.denied) {
      const input: unknown = parsed.data;
      await recordDeniedRequest(actor, {
        kind: 'action',
        what: options.name,
        reason: 'not_found',
        ids: typeof input === 'object' && input !== null ? { ...input } : undefined,
      });
    }
    // redirect() works by throwing, so it stays outside the try above.
    if (result.redirectTo) redirect(result.redirectTo);
    const { redirectTo: _redirect, denied: _denied, ...state } = result;
    return state.status === 'error' ? { values, ...state } : state;
  };
}
