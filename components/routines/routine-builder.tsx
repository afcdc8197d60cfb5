'use client';

import { startTransition, useActionState, useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { saveRoutineAction } from '@/app/physio/patients/[id]/routine/actions';
import { InputField, strongInputClass, SubmitButton } from '@/components/ui/form-field';
import type { IsoDate } from '@/lib/dates';
import { idleState, type FormState } from '@/lib/forms';
import {
  earliestStart,
  explainSave,
  startDateHint,
  type VersionSpan,
} from '@/lib/routine-versions';
import { ExercisePicker } from './exercise-picker';
import { RoutineItemEditor, type ItemErrors } from './routine-item-editor';
import { SaveExplanation } from './save-explanation';
import type { BuilderItemSeed, DraftField, PickableExercise } from './types';
import { draftFrom, draftFromExercise, moveTarget, useRoutineDraft } from './use-routine-draft';

export interface RoutineBuilderProps {
  patientId: string;
  patientName: string;
  today: IsoDate;
  /** Every version of the patient's programme, which decide what a save may do (the one rule). */
  versions: VersionSpan[];
  /** The version in force (or due) now, whose title and items the builder starts from. */
  current: {
    title: string;
    startDate: IsoDate;
    endDate: IsoDate | null;
    items: BuilderItemSeed[];
  } | null;
  exercises: PickableExercise[];
  template: { title: string; description: string; items: BuilderItemSeed[] } | null;
  /** A fresh key from the server for this draft; every change makes a new one. */
  idempotencyKey: string;
}

interface SubmitState extends FormState {
  /** The items' uids in the order they were sent, to put `items.N.*` errors on the right one. */
  uids: string[];
}

/** What the server gets of each item, in this order; an item's errors come back by these names. */
const ITEM_FIELDS = [
  'exerciseId',
  'sets',
  'reps',
  'holdSeconds',
  'daysMask',
  'timesPerDay',
  'note',
] as const;

let uidCounter = 0;
const newUid = () => `n${++uidCounter}`;

async function submit(_previous: SubmitState, payload: { formData: FormData; uids: string[] }) {
  const state = await saveRoutineAction(idleState, payload.formData);
  return { ...state, uids: payload.uids };
}

/** The routine builder: programme details, its ordered items, the library to add from, Save. */
export function RoutineBuilder(props: RoutineBuilderProps) {
  const { current, template, today, versions } = props;
  const [draft, change] = useRoutineDraft({ today, current, idempotencyKey: props.idempotencyKey });
  const { title, startDate, endDate, items } = draft;
  const [announcement, setAnnouncement] = useState('');
  const [state, dispatch, pending] = useActionState(submit, { ...idleState, uids: [] });
  const formRef = useRef<HTMLFormElement>(null);
  const messageRef = useRef<HTMLDivElement>(null);

  // After a failed save, take the user to the first field that needs attention.
  useEffect(() => {
    if (state.status !== 'error') return;
    const first = formRef.current?.querySelector<HTMLElement>('[data-invalid="true"]');
    (first ?? messageRef.current)?.focus();
  }, [state]);

  function addExercise(exercise: PickableExercise) {
    const position = items.length + 1;
    change({ type: 'add', item: draftFromExercise(exercise, newUid()) });
    setAnnouncement(`Added ${exercise.name} as exercise ${position} of ${position}.`);
  }

  function applyTemplate() {
    if (!template) return;
    const seeded = template.items.map((seed) => draftFrom(seed, newUid()));
    change({ type: 'applyTemplate', items: seeded, title: template.title });
    setAnnouncement(
      `Added the ${template.title} template: ${template.items.length} exercises. Adjust the doses as needed.`,
    );
  }

  function move(uid: string, direction: -1 | 1) {
    const to = moveTarget(items, uid, direction);
    const moving = items.find((item) => item.uid === uid);
    if (to === null || !moving) return;
    // Render now, so focus can follow the item to its new place.
    flushSync(() => change({ type: 'move', uid, direction }));
    const atEdge = to === 0 || to === items.length - 1;
    const button = atEdge ? (direction === -1 ? 'down' : 'up') : direction === -1 ? 'up' : 'down';
    document.getElementById(`item-${uid}-${button}`)?.focus();
    setAnnouncement(`Moved ${moving.exerciseName} to position ${to + 1} of ${items.length}.`);
  }

  function remove(uid: string) {
    const index = items.findIndex((item) => item.uid === uid);
    const removed = items[index];
    if (!removed) return;
    const next = items.filter((item) => item.uid !== uid);
    flushSync(() => change({ type: 'remove', uid }));
    const neighbour = next[index] ?? next[index - 1];
    document.getElementById(neighbour ? `item-${neighbour.uid}-remove` : 'picker-search')?.focus();
    setAnnouncement(`Removed ${removed.exerciseName}. ${next.length} exercises left.`);
  }

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const formData = new FormData(event.currentTarget);
    const uids = items.map((item) => item.uid);
    startTransition(() => dispatch({ formData, uids }));
  }

  const errorFor = (key: string) => state.errors?.[key]?.[0];
  const fieldOf = (id: string, name: string) => ({
    id,
    name,
    error: errorFor(name),
    markInvalid: true,
    controlClassName: strongInputClass,
  });
  const itemErrors = (uid: string): ItemErrors => {
    const index = state.uids.indexOf(uid);
    if (index < 0) return {};
    return Object.fromEntries(
      ITEM_FIELDS.map((f) => [f, errorFor(`items.${index}.${f}`)]).filter(([, m]) => m),
    );
  };
  const payload = JSON.stringify(
    items.map((item) => Object.fromEntries(ITEM_FIELDS.map((f) => [f, item[f]]))),
  );
  const inProgramme = new Map<string, number>();
  for (const item of items) {
    inProgramme.set(item.exerciseId, (inProgramme.get(item.exerciseId) ?? 0) + 1);
  }
  const formError =
    state.status === 'error'
      ? [state.message, errorFor('_form'), errorFor('patientId'), errorFor('idempotencyKey')]
          .filter(Boolean)
          .join(' ')
      : '';

  return (
    <form
      ref={formRef}
      onSubmit={onSubmit}
      noValidate
      aria-describedby={formError ? 'builder-message' : undefined}
      className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem] lg:grid-rows-[auto_1fr] lg:items-start"
    >
      <input type="hidden" name="patientId" value={props.patientId} />
      <input type="hidden" name="idempotencyKey" value={draft.key} />
      <input type="hidden" name="items" value={payload} />
      <p className="sr-only" aria-live="polite">
        {announcement}
      </p>

      <div className="min-w-0 space-y-6 lg:col-start-1">
        {formError ? (
          <div
            id="builder-message"
            ref={messageRef}
            tabIndex={-1}
            role="alert"
            className="border-danger bg-danger-soft text-danger rounded border px-3 py-2"
          >
            {formError}
          </div>
        ) : null}

        <section
          aria-labelledby="details-heading"
          className="border-line bg-surface space-y-4 rounded-lg border p-4"
        >
          <h2 id="details-heading" className="text-lg font-semibold">
            Routine
          </h2>
          <InputField
            {...fieldOf('routine-title', 'title')}
            label="Title"
            type="text"
            value={title}
            autoComplete="off"
            onChange={(e) => change({ type: 'title', value: e.target.value })}
          />
          <div className="grid gap-4 sm:grid-cols-2">
            <InputField
              {...fieldOf('routine-start', 'startDate')}
              label="Start date"
              hint={startDateHint(versions, today)}
              type="date"
              value={startDate}
              min={earliestStart(versions, today)}
              max={today}
              onChange={(e) => change({ type: 'startDate', value: e.target.value })}
            />
            <InputField
              {...fieldOf('routine-end', 'endDate')}
              label="End date (optional)"
              hint="The last day. Leave empty to run until you change or end it."
              type="date"
              value={endDate}
              min={today}
              onChange={(e) => change({ type: 'endDate', value: e.target.value })}
            />
          </div>
        </section>

        <section aria-labelledby="items-heading" className="space-y-3">
          <div
            tabIndex={-1}
            data-invalid={errorFor('items') ? true : undefined}
            aria-describedby={errorFor('items') ? 'items-error' : undefined}
          >
            <h2 id="items-heading" className="text-lg font-semibold">
              Exercises{items.length > 0 ? ` (${items.length})` : ''}
            </h2>
            {errorFor('items') ? (
              <p id="items-error" className="text-danger text-sm">
                {errorFor('items')}
              </p>
            ) : null}
          </div>
          {items.length === 0 ? (
            <div className="border-line bg-surface rounded-lg border border-dashed p-4">
              <p>No exercises yet. Add them from the library, or start from a template.</p>
              {template && template.items.length > 0 ? (
                <div className="mt-3">
                  <button
                    type="button"
                    onClick={applyTemplate}
                    className="bg-brand hover:bg-brand-strong min-h-11 rounded px-4 py-2 font-semibold text-white"
                  >
                    Use template: {template.title}
                  </button>
                  <p className="text-muted mt-1 text-sm">{template.description}</p>
                </div>
              ) : null}
            </div>
          ) : (
            <ol className="space-y-3">
              {items.map((item, index) => (
                <RoutineItemEditor
                  key={item.uid}
                  item={item}
                  index={index}
                  count={items.length}
                  errors={itemErrors(item.uid)}
                  onChange={(f: DraftField, value) =>
                    change({ type: 'updateItem', uid: item.uid, patch: { [f]: value } })
                  }
                  onDays={(daysMask) =>
                    change({ type: 'updateItem', uid: item.uid, patch: { daysMask } })
                  }
                  onMove={(direction) => move(item.uid, direction)}
                  onRemove={() => remove(item.uid)}
                />
              ))}
            </ol>
          )}
        </section>
      </div>

      <aside className="min-w-0 lg:sticky lg:top-4 lg:col-start-2 lg:row-span-2 lg:row-start-1">
        <ExercisePicker exercises={props.exercises} inProgramme={inProgramme} onAdd={addExercise} />
      </aside>

      <div className="border-line bg-surface rounded-lg border p-4 lg:col-start-1 lg:row-start-2">
        <SaveExplanation
          {...explainSave({
            versions,
            today,
            patientName: props.patientName,
            startDate,
            endDate,
          })}
        />
        <SubmitButton
          pending={pending}
          pendingLabel="Saving…"
          className="bg-brand hover:bg-brand-strong mt-3 min-h-11 w-full rounded px-5 py-2 font-semibold text-white disabled:opacity-70 sm:w-auto"
        >
          {current ? 'Save new version' : 'Save routine'}
        </SubmitButton>
      </div>
    </form>
  );
}
