'use client';

import { useActionState } from 'react';
import { assignMeasureAction, stopMeasureAction } from '@/app/physio/patients/actions';
import { outlineButtonClass } from '@/components/ui/confirm-form';
import { FormMessage, SelectField, SubmitButton, stateField } from '@/components/ui/form-field';
import { idleState } from '@/lib/forms';
import { OUTCOME_SCHEDULES, SCHEDULE_LABELS } from '@/lib/outcome-measures/schedules';

/** Assign a questionnaire on a schedule, or ask for one now. */
export function AssignMeasureForm({
  patientId,
  instruments,
  discharged,
}: {
  patientId: string;
  instruments: { id: string; name: string }[];
  discharged: boolean;
}) {
  const [state, action, pending] = useActionState(assignMeasureAction, idleState);
  const schedules = discharged ? (['discharge'] as const) : OUTCOME_SCHEDULES;
  return (
    <form action={action} className="border-line bg-surface space-y-3 rounded-lg border p-4">
      <input type="hidden" name="patientId" value={patientId} />
      <FormMessage state={state} />
      {state.status === 'success' ? (
        <p role="status" className="bg-brand-soft text-brand-strong rounded px-3 py-2">
          {state.message}
        </p>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField
          label="Questionnaire"
          options={instruments.map((i) => ({ value: i.id, label: i.name }))}
          {...stateField(state, 'instrumentId')}
          defaultValue={state.values?.instrumentId ?? instruments[0]?.id}
        />
        <SelectField
          label="When"
          options={schedules.map((s) => ({ value: s, label: SCHEDULE_LABELS[s] }))}
          {...stateField(state, 'schedule')}
          defaultValue={state.values?.schedule ?? 'once'}
        />
      </div>
      <SubmitButton pending={pending} pendingLabel="Assigning…">
        Assign questionnaire
      </SubmitButton>
    </form>
  );
}

export function StopMeasureButton({
  assignmentId,
  label,
}: {
  assignmentId: string;
  label: string;
}) {
  const [state, action, pending] = useActionState(stopMeasureAction, idleState);
  return (
    <form action={action} className="inline">
      <input type="hidden" name="assignmentId" value={assignmentId} />
      <SubmitButton
        pending={pending}
        pendingLabel="Stopping…"
        className={`${outlineButtonClass} border-line bg-surface text-sm`}
        aria-label={`Stop: ${label}`}
      >
        Stop
      </SubmitButton>
      <FormMessage state={state} look="small" />
    </form>
  );
}
