'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { fieldError, idleState, type FormState } from '@/app/(auth)/form-state';
import { saveDayLogAction } from '@/app/patient/actions';
import type { DayLog } from '@/db/queries/day-log';
import { newIdempotencyKey } from '@/lib/idempotency-key';
import { PAIN_NOTE_MAX } from '@/lib/pain-scale';
import { ExerciseTick } from './exercise-tick';
import { PainScale } from './pain-scale';

/**
 * The day's log: exercises done, pain score and note, saved together with one button. Each
 * distinct submission carries a fresh idempotency key; a retry of the same entries reuses it, so a
 * double tap or a retry after a dropped connection is stored once. Nothing typed is lost on failure.
 */
export function DayLogForm({
  log,
  isToday,
  initialKey,
}: {
  log: DayLog;
  isToday: boolean;
  initialKey: string;
}) {
  const router = useRouter();
  const [done, setDone] = useState<Record<string, number>>(() =>
    Object.fromEntries(log.items.map((item) => [item.id, item.done])),
  );
  const [pain, setPain] = useState<number | null>(log.pain?.score ?? null);
  const [note, setNote] = useState(log.pain?.note ?? '');
  const [key, setKey] = useState(initialKey);
  const [state, setState] = useState<FormState>(idleState);
  const [pending, startTransition] = useTransition();

  // A changed entry is a new submission; an unchanged retry keeps its key.
  function edited() {
    setKey(newIdempotencyKey());
    if (state.status === 'success') setState(idleState);
  }

  function save(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData();
    form.set('idempotencyKey', key);
    form.set('date', log.date);
    for (const [itemId, count] of Object.entries(done)) form.set(`done.${itemId}`, String(count));
    form.set('pain', pain === null ? '' : String(pain));
    form.set('note', note);
    startTransition(async () => {
      try {
        const result = await saveDayLogAction(state, form);
        setState(result);
        if (result.status === 'success') router.refresh();
      } catch {
        setState({
          status: 'error',
          message:
            'Adhere could not be reached, so this was not saved yet. Your entries are still here: check your connection and press Save again.',
        });
      }
    });
  }

  return (
    <form onSubmit={save} noValidate className="space-y-6">
      {log.items.length > 0 ? (
        <section aria-labelledby="exercises-title">
          <h2 id="exercises-title" className="mb-3 text-lg font-semibold">
            {log.routine?.title}
          </h2>
          <ol className="space-y-3">
            {log.items.map((item) => (
              <ExerciseTick
                key={item.id}
                item={item}
                done={done[item.id] ?? 0}
                minimum={isToday ? 0 : item.done}
                error={fieldError(state, `done.${item.id}`)}
                onChange={(count) => {
                  setDone((current) => ({ ...current, [item.id]: count }));
                  edited();
                }}
              />
            ))}
          </ol>
        </section>
      ) : null}

      <PainScale
        value={pain}
        error={fieldError(state, 'pain')}
        onChange={(score) => {
          setPain(score);
          edited();
        }}
      />

      <div>
        <label htmlFor="pain-note" className="font-semibold">
          Note for your physiotherapist (optional)
        </label>
        <textarea
          id="pain-note"
          rows={3}
          value={note}
          maxLength={PAIN_NOTE_MAX}
          aria-invalid={fieldError(state, 'note') ? true : undefined}
          aria-describedby="pain-note-count"
          onChange={(e) => {
            setNote(e.target.value);
            edited();
          }}
          className="border-line bg-surface aria-[invalid=true]:border-danger mt-1 block w-full rounded border px-3 py-2 text-base"
        />
        <p id="pain-note-count" className="text-muted text-sm">
          {note.length} of {PAIN_NOTE_MAX.toLocaleString('en-GB')} characters
        </p>
        {fieldError(state, 'note') ? (
          <p className="text-danger text-sm">{fieldError(state, 'note')}</p>
        ) : null}
      </div>

      <div aria-live="polite">
        {state.status === 'error' && state.message ? (
          <p
            role="alert"
            className="border-danger bg-danger-soft text-danger mb-3 rounded border px-3 py-2"
          >
            {state.message}
          </p>
        ) : null}
        {state.status === 'success' ? (
          <p
            role="status"
            className="border-brand bg-brand-soft mb-3 rounded border px-3 py-2 font-medium"
          >
            {state.message}
          </p>
        ) : null}
      </div>

      <button
        type="submit"
        disabled={pending}
        className="bg-brand hover:bg-brand-strong min-h-12 w-full rounded-lg px-4 py-3 text-lg font-semibold text-white disabled:opacity-70"
      >
        {pending ? 'Saving…' : 'Save'}
      </button>
    </form>
  );
}
