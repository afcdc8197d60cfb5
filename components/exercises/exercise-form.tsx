'use client';

import Link from 'next/link';
import { useActionState, useEffect, useId, useRef, useState } from 'react';
import { SubmitButton } from '@/components/ui/form-field';
import { idleState } from '@/lib/forms';
import { createExerciseAction, updateExerciseAction } from '@/app/physio/exercises/actions';
import { BODY_REGION_LABELS, BODY_REGIONS } from '@/lib/body-regions';
import type { ExerciseFormValues } from '@/lib/validation/exercise';

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

const control =
  'mt-1 block min-h-11 w-full rounded border border-line bg-surface px-3 py-2 text-base aria-[invalid=true]:border-danger aria-[invalid=true]:border-2';

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
  const describedBy = (field: Field, hint?: boolean) =>
    [hint ? `${inputId(field)}-hint` : null, errorOf(field) ? `${inputId(field)}-error` : null]
      .filter(Boolean)
      .join(' ') || undefined;
  const fieldProps = (field: Field, hint?: boolean) => ({
    id: inputId(field),
    name: field,
    value: values[field],
    onChange: (
      event: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>,
    ) => setValues((current) => ({ ...current, [field]: event.target.value })),
    'aria-invalid': errorOf(field) ? true : undefined,
    'aria-describedby': describedBy(field, hint),
  });
  const error = (field: Field) =>
    errorOf(field) ? (
      <p id={`${inputId(field)}-error`} className="text-danger mt-1 text-sm font-medium">
        {errorOf(field)}
      </p>
    ) : null;
  const hint = (field: Field, text: string) => (
    <p id={`${inputId(field)}-hint`} className="text-muted mt-0.5 text-sm">
      {text}
    </p>
  );

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

      <div>
        <label htmlFor={inputId('name')} className="font-medium">
          {FIELD_LABELS.name}
        </label>
        <input
          {...fieldProps('name')}
          type="text"
          autoComplete="off"
          aria-required="true"
          className={control}
        />
        {error('name')}
      </div>

      <div>
        <label htmlFor={inputId('bodyRegion')} className="font-medium">
          {FIELD_LABELS.bodyRegion}
        </label>
        <select {...fieldProps('bodyRegion')} aria-required="true" className={control}>
          <option value="">Choose a region</option>
          {BODY_REGIONS.map((region) => (
            <option key={region} value={region}>
              {BODY_REGION_LABELS[region]}
            </option>
          ))}
        </select>
        {error('bodyRegion')}
      </div>

      <div>
        <label htmlFor={inputId('instructions')} className="font-medium">
          {FIELD_LABELS.instructions}
        </label>
        {hint(
          'instructions',
          'Written for your patient, one step per line; the steps are numbered for them. Say when to stop.',
        )}
        <textarea
          {...fieldProps('instructions', true)}
          rows={8}
          aria-required="true"
          className={control}
        />
        {error('instructions')}
      </div>

      <fieldset className="border-line rounded border p-4">
        <legend className="px-1 font-medium">Default dose</legend>
        <p className="text-muted text-sm">
          The routine builder starts from these; each programme can set its own.
        </p>
        <div className="mt-2 grid gap-4 sm:grid-cols-3">
          {(['defaultSets', 'defaultReps', 'defaultHoldSeconds'] as const).map((field) => (
            <div key={field}>
              <label htmlFor={inputId(field)} className="font-medium">
                {FIELD_LABELS[field]}
                {field === 'defaultHoldSeconds' ? (
                  <span className="text-muted font-normal"> (optional)</span>
                ) : null}
              </label>
              <input
                {...fieldProps(field)}
                type="text"
                inputMode="numeric"
                autoComplete="off"
                aria-required={field === 'defaultHoldSeconds' ? undefined : 'true'}
                className={control}
              />
              {error(field)}
            </div>
          ))}
        </div>
      </fieldset>

      <div>
        <label htmlFor={inputId('mediaUrl')} className="font-medium">
          {FIELD_LABELS.mediaUrl} <span className="text-muted font-normal">(optional)</span>
        </label>
        {hint('mediaUrl', 'A web address starting with https://, such as a demonstration video.')}
        <input
          {...fieldProps('mediaUrl', true)}
          type="url"
          inputMode="url"
          autoComplete="off"
          className={control}
        />
        {error('mediaUrl')}
      </div>

      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton
          pending={pending}
          pendingLabel="Saving…"
          className="bg-brand hover:bg-brand-strong min-h-11 rounded px-5 py-2 font-semibold text-white disabled:opacity-70"
        >
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
