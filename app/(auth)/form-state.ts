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

export const idleState: FormState = { status: 'idle' };

/** The first message for a field, for rendering under it. */
export function fieldError(state: FormState, field: string): string | undefined {
  return state.errors?.[field]?.[0];
}
