'use client';

import { useActionState } from 'react';
import { FormMessage, SubmitButton } from '@/components/ui/form-field';
import { fieldError, idleState } from '@/lib/forms';
import { endRoutineAction } from '@/app/physio/patients/[id]/routine/actions';
import { addDays, type IsoDate } from '@/lib/dates';
import { LAST_DAY_HINT, VERSION_LIMITS } from '@/lib/routine-versions';

/**
 * "End programme", behind a disclosure so it takes a deliberate second step: the last day defaults
 * to today and may not be before it (lib/routine-versions.ts). Nothing is deleted.
 */
export function EndRoutineForm({
  patientId,
  title,
  today,
}: {
  patientId: string;
  title: string;
  today: IsoDate;
}) {
  const [state, formAction, pending] = useActionState(endRoutineAction, idleState);
  const error = fieldError(state, 'endDate');
  const message = state.status === 'error' && !error ? state.message : undefined;
  return (
    <details className="border-line bg-surface rounded-lg border" open={state.status === 'error'}>
      <summary className="min-h-11 cursor-pointer px-4 py-3 font-semibold">
        End this routine
      </summary>
      <form action={formAction} noValidate className="space-y-3 px-4 pb-4">
        <p className="text-muted text-sm">
          “{title}” stops on the last day you choose; from the next day the patient has no exercises
          until you assign a new routine. Its history and the adherence of every earlier week are
          kept.
        </p>
        <FormMessage message={message} />
        <input type="hidden" name="patientId" value={patientId} />
        <div>
          <label htmlFor="end-routine-date" className="font-medium">
            Last day of the routine
          </label>
          <p id="end-routine-hint" className="text-muted text-sm">
            {LAST_DAY_HINT}
          </p>
          <input
            id="end-routine-date"
            name="endDate"
            type="date"
            min={today}
            max={addDays(today, VERSION_LIMITS.lastDayAfterToday)}
            defaultValue={state.values?.endDate ?? today}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'end-routine-hint end-routine-error' : 'end-routine-hint'}
            className="border-line bg-surface aria-[invalid=true]:border-danger mt-1 block min-h-11 rounded border px-3 py-2 text-base"
          />
          {error ? (
            <p id="end-routine-error" role="alert" className="text-danger mt-1 text-sm">
              {error}
            </p>
          ) : null}
        </div>
        <SubmitButton
          pending={pending}
          pendingLabel="Ending…"
          className="border-danger text-danger hover:bg-danger-soft min-h-11 rounded border px-4 py-2 font-semibold disabled:opacity-60"
        >
          End routine
        </SubmitButton>
      </form>
    </details>
  );
}
