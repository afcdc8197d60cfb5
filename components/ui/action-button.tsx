'use client';

import { useActionState } from 'react';
import { idleState, type FormState } from '@/lib/forms';
import { FormMessage, SubmitButton } from './form-field';

/**
 * One click that sends a server action with hidden `fields`, for a change that is easily undone
 * (so no confirmation step): "Saving…" while it is sent, and a refusal under the button. With
 * `announce`, the action's message on success too.
 */
export function ActionButton({
  action,
  fields,
  label,
  ariaLabel,
  className,
  announce = false,
}: {
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  fields: Record<string, string>;
  label: string;
  ariaLabel: string;
  className: string;
  announce?: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, idleState);
  return (
    <form action={formAction} className="flex flex-col items-start gap-1">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <SubmitButton
        pending={pending}
        pendingLabel="Saving…"
        aria-label={ariaLabel}
        className={className}
      >
        {label}
      </SubmitButton>
      {/* Always present, so the confirmation is announced when it appears. */}
      {announce ? (
        <p role="status" className="text-muted max-w-xs text-sm empty:hidden">
          {state.status === 'success' ? state.message : null}
        </p>
      ) : null}
      <FormMessage state={state} look="small" />
    </form>
  );
}
