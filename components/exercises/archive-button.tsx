'use client';

import { useActionState } from 'react';
import { SubmitButton } from '@/components/ui/form-field';
import { idleState } from '@/lib/forms';
import { archiveExerciseAction } from '@/app/physio/exercises/actions';

/** Archives the author's own exercise, or restores it; reversible, so no confirmation step. */
export function ArchiveButton({
  exerciseId,
  name,
  archived,
}: {
  exerciseId: string;
  name: string;
  archived: boolean;
}) {
  const [state, formAction, pending] = useActionState(archiveExerciseAction, idleState);
  const label = archived ? 'Restore' : 'Archive';
  return (
    <form action={formAction} className="flex flex-col items-start gap-1">
      <input type="hidden" name="id" value={exerciseId} />
      <input type="hidden" name="archived" value={archived ? 'false' : 'true'} />
      <SubmitButton
        pending={pending}
        pendingLabel="Saving…"
        aria-label={`${label} ${name}`}
        className={`min-h-11 rounded border px-4 py-2 font-medium disabled:opacity-60 ${archived ? 'border-brand text-brand-strong hover:bg-brand-soft' : 'border-danger text-danger hover:bg-danger-soft'}`}
      >
        {label}
      </SubmitButton>
      {/* Always present, so the confirmation is announced when it appears. */}
      <p role="status" className="text-muted max-w-xs text-sm empty:hidden">
        {state.status === 'success' ? state.message : null}
      </p>
      {state.status === 'error' && state.message ? (
        <p role="alert" className="text-danger text-sm">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
