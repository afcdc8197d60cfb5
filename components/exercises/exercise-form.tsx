'use client';

import Link from 'next/link';
import { useActionState, useEffect, useId, useRef, useState } from 'react';
import {
  InputField,
  saveButtonClass,
  SelectField,
  strongInputClass,
  SubmitButton,
  TextAreaField,
} from '@/components/ui/form-field';
import { idleState } from '@/lib/forms';
import { createExerciseAction, updateExerciseAction } from '@/app/physio/exercises/actions';
import type { ExerciseFormValues } from '@/lib/validation/exercise';
import { regionOptions } from './region-options';

type Field = keyof ExerciseFormValues;

const FIELD_LABELS: Record<Field, string> = {
  name: 'Name',
  bodyRegion: 'Body region',
  instructions: 'Instructions',
  defaultSets: 'Sets',
  defaultReps: 'Reps',
  defaultHoldSeconds: 'Hold (seconds)',
  mediaUrl: 'Link to an image or video',
};
const FIELDS = Object.keys(FIELD_LABELS) as Field[];

/**
 * Creates an exercise (with `idempotencyKey`) or edits one (with `exerciseId`). The fields are
 * controlled, so what the physio typed stays in place when the server sends back errors.
 */
export function ExerciseForm({
  exerciseId,
  idempotencyKey,
  initialValues,
  cancelHref,
}: {
  exerciseId?: string;
  idempotencyKey?: string;
  initialValues: ExerciseFormValues;
  cancelHref: string;
}) {
  const [state, formAction, pending] = useActionState(
    exerciseId ? updateExerciseAction : createExerciseAction,
    idleState,
  );
  const [values, setValues] = useState(initialValues);
  const id = useId();
  const summaryRef = useRef<HTMLDivElement>(null);

  // After a refused submit, take keyboard and screen-reader users to the list of problems.
  useEffect(() => {
    if (state.status === 'error') summaryRef.current?.focus();
  }, [state]);

  const errorOf = (field: Field) => state.errors?.[field]?.[0];
  const fieldErrors = FIELDS.flatMap((field) => {
    const message = errorOf(field);
    return message ? [{ field, message }] : [];
  });
  const inputId = (field: Field) => `${id}-${field}`;
  const fieldOf = (field: Field) => ({
    id: inputId(field),
    name: field,
    label: FIELD_LABELS[field],
    error: errorOf(field),
    emphasis: true,
    controlClassName: strongInputClass,
    value: values[field],
    onChange: (
      event: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>,
    ) => setValues((current) => ({ ...current, [field]: event.target.value })),
  });

  return (
    <form action={formAction} noValidate className="max-w-2xl space-y-5">
      {state.status === 'error' ? (
        <div
          ref={summaryRef}
          tabIndex={-1}
          role="alert"
          className="border-danger bg-danger-soft rounded border-2 px-4 py-3"
        >
          <p className="text-danger font-semibold">{state.message}</p>
          {fieldErrors.length > 0 ? (
            <ul className="mt-1 list-disc pl-5 text-sm">
              {fieldErrors.map(({ field, message }) => (
                <li key={field}>
                  <a href={`#${inputId(field)}`} className="text-danger underline">
                    {message}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}

      {exerciseId ? <input type="hidden" name="id" value={exerciseId} /> : null}
      {idempotencyKey ? <input type="hidden" name="idempotencyKey" value={idempotencyKey} /> : null}

      <InputField {...fieldOf('name')} type="text" autoComplete="off" aria-required="true" />
      <SelectField
        {...fieldOf('bodyRegion')}
        aria-required="true"
        options={regionOptions('Choose a region')}
      />
      <TextAreaField
        {...fieldOf('instructions')}
        hint="Written for your patient, one step per line; the steps are numbered for them. Say when to stop."
        rows={8}
        aria-required="true"
      />

      <fieldset className="border-line rounded border p-4">
        <legend className="px-1 font-medium">Default dose</legend>
        <p className="text-muted text-sm">
          The routine builder starts from these; each programme can set its own.
        </p>
        <div className="mt-2 grid gap-4 sm:grid-cols-3">
          {(['defaultSets', 'defaultReps', 'defaultHoldSeconds'] as const).map((field) => (
            <InputField
              key={field}
              {...fieldOf(field)}
              label={
                <>
                  {FIELD_LABELS[field]}
                  {field === 'defaultHoldSeconds' ? (
                    <span className="text-muted font-normal"> (optional)</span>
                  ) : null}
                </>
              }
              type="text"
              inputMode="numeric"
              autoComplete="off"
              aria-required={field === 'defaultHoldSeconds' ? undefined : 'true'}
            />
          ))}
        </div>
      </fieldset>

      <InputField
        {...fieldOf('mediaUrl')}
        label={
          <>
            {FIELD_LABELS.mediaUrl} <span className="text-muted font-normal">(optional)</span>
          </>
        }
        hint="A web address starting with https://, such as a demonstration video."
        type="url"
        inputMode="url"
        autoComplete="off"
      />

      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton pending={pending} pendingLabel="Saving…" className={saveButtonClass}>
          {exerciseId ? 'Save changes' : 'Save exercise'}
        </SubmitButton>
        <Link
          href={cancelHref}
          className="text-brand-strong min-h-11 rounded px-3 py-2 font-medium underline underline-offset-4 hover:no-underline"
        >
          Cancel
        </Link>
      </div>
    </form>
  );
}
