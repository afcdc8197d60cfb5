import type { z } from 'zod';
import type { Refusal } from './outcome';

/** What every form's server action returns to `useActionState`. */
export interface FormState {
  status: 'idle' | 'success' | 'error';
  message?: string;
  /** Messages per field, keyed by the field's path (`title`, `items.0.sets`). */
  errors?: Record<string, string[] | undefined>;
  /** What was submitted, so a failed form can show it again (passwords are never echoed). */
  values?: Record<string, string>;
  /** A result the page shows once, e.g. a one-time link. */
  data?: Record<string, string>;
}

/** What an action's handler answers: a form state, plus what the action wrapper acts on. */
export interface ActionResult extends FormState {
  redirectTo?: string;
  /**
   * The record the action is about was not found for this user (not theirs, or no such record):
   * the answer is the handler's message, and the attempt is audited as denied access with the
   * ids in the input. Set it where the data layer answered "not found".
   */
  denied?: boolean;
}

export const idleState: FormState = { status: 'idle' };

/** The message above a form whose fields have errors under them. */
export const CHECK_FIELDS = 'Please check the highlighted fields.';

/** The first message for a field, for rendering under it. */
export function fieldError(state: FormState, field: string): string | undefined {
  return state.errors?.[field]?.[0];
}

/** A zod error's messages keyed by path (`items.0.sets`); a whole-form issue under `_form`. */
export function errorsByPath(error: z.ZodError): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_form';
    (errors[key] ??= []).push(issue.message);
  }
  return errors;
}

/**
 * A data-layer refusal as a form shows it: "not found" in the action's words (and audited as
 * denied access), or the data layer's message, under its field when it names one. With
 * `highlight`, a refusal that names a field says "check the highlighted fields" above the form
 * and leaves the data layer's words under the field (for long forms where the field may be far
 * from the top).
 */
export function outcomeToFormState(
  outcome: Refusal,
  notFoundMessage: string,
  options: { highlight?: boolean } = {},
): ActionResult {
  if (outcome.reason === 'not_found') {
    return { status: 'error', message: notFoundMessage, denied: true };
  }
  if (!outcome.field) return { status: 'error', message: outcome.message };
  return {
    status: 'error',
    message: options.highlight ? CHECK_FIELDS : outcome.message,
    errors: { [outcome.field]: [outcome.message] },
  };
}
