'use client';

import type { ReactNode } from 'react';
import { SubmitButton } from './form-field';

export const outlineButtonClass =
  'min-h-11 rounded border px-4 py-2 font-semibold disabled:opacity-60';

/**
 * The second step of an action that cannot simply be undone (discharge, revoking a token): the
 * question in words, the confirming submit and a way back.
 */
export function ConfirmForm({
  action,
  fields,
  question,
  confirmLabel,
  pendingLabel,
  pending,
  onCancel,
}: {
  action: (formData: FormData) => void;
  /** The hidden fields the action is posted with. */
  fields: Record<string, string>;
  question: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  pending: boolean;
  onCancel: () => void;
}) {
  return (
    <form
      action={action}
      className="border-danger bg-danger-soft flex flex-wrap items-center gap-2 rounded border p-3"
    >
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <p className="w-full">{question}</p>
      <SubmitButton
        pending={pending}
        pendingLabel={pendingLabel}
        className={`${outlineButtonClass} border-danger bg-danger text-white`}
      >
        {confirmLabel}
      </SubmitButton>
      <button
        type="button"
        onClick={onCancel}
        className={`${outlineButtonClass} border-line bg-surface`}
      >
        Cancel
      </button>
    </form>
  );
}
