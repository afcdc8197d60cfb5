'use client';

import { archiveExerciseAction } from '@/app/physio/exercises/actions';
import { ActionButton } from '@/components/ui/action-button';

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
  const label = archived ? 'Restore' : 'Archive';
  return (
    <ActionButton
      action={archiveExerciseAction}
      fields={{ id: exerciseId, archived: archived ? 'false' : 'true' }}
      label={label}
      ariaLabel={`${label} ${name}`}
      className={`min-h-11 rounded border px-4 py-2 font-medium disabled:opacity-60 ${archived ? 'border-brand text-brand-strong hover:bg-brand-soft' : 'border-danger text-danger hover:bg-danger-soft'}`}
      announce
    />
  );
}
