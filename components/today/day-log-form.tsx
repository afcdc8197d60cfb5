'use client';

import { useCallback, useState, useTransition } from 'react';
import { FormMessage, SubmitButton } from '@/components/ui/form-field';
import { fieldError, idleState, type FormState } from '@/lib/forms';
import { saveDayLogAction } from '@/app/patient/actions';
import { useHydrated } from '@/components/ui/use-hydrated';
import type { DayItem, DayLog } from '@/db/queries/day-log';
import {
  changeOf,
  changesToForm,
  combineChanges,
  hasChanges,
  movedNotice,
  noChanges,
  PROGRAMME_CHANGED,
  removedNotice,
  savedDayFromData,
  shownCount,
  withExerciseChange,
  type PendingChanges,
  type SavedDay,
} from '@/lib/day-log';
import { newIdempotencyKey } from '@/lib/idempotency-key';
import { PAIN_NOTE_MAX } from '@/lib/pain-scale';
import { ExerciseTick } from './exercise-tick';
import { PainScale } from './pain-scale';
import { isOffline, KEPT_ON_PHONE, SENT_FROM_PHONE, useOfflineQueue } from './use-offline-queue';

/** Changes sent under a key whose outcome is not known (the connection dropped): sent again as is. */
interface Sent {
  key: string;
  changes: PendingChanges;
}

/**
 * Saved; refused with nothing written (field errors); unknown, so to be sent again as is; or not
 * reached at all (the network failed), so to be kept on the phone.
 */
interface SendResult {
  kind: 'saved' | 'refused' | 'unknown' | 'unreachable';
  state: FormState;
}

const countsOf = (items: DayItem[]) => Object.fromEntries(items.map((i) => [i.id, i.done]));

const UNREACHABLE =
  'Adhere could not be reached, so this was not saved yet. Your entries are still here: check your connection and press Save again.';

/**
 * The day's log: exercises done, pain score and note, saved with one button. A save sends what the
 * patient changed on this screen (lib/day-log.ts), so another device's save of the same day is
 * added to, never undone. Each save has its own idempotency key; one whose answer was lost is sent
 * again with the same key before anything newer, so it is stored once. Nothing typed is lost on
 * failure, and when the programme changed meanwhile the page says what happened and shows today's.
 */
export function DayLogForm({
  log,
  isToday,
  patientId,
}: {
  log: DayLog;
  isToday: boolean;
  /** Whose saves the phone may keep and send (lib/offline/day-log-queue.ts). */
  patientId: string;
}) {
  // What the server last said: from the page, or from a save's answer until the page catches up.
  const [shownLog, setShownLog] = useState(log);
  const [base, setBase] = useState<Record<string, number>>(() => countsOf(log.items));
  const [basePain, setBasePain] = useState(log.pain);
  if (log !== shownLog) {
    setShownLog(log);
    setBase(countsOf(log.items));
    setBasePain(log.pain);
  }
  const [inDoubt, setInDoubt] = useState<Sent | null>(null);
  const [changes, setChanges] = useState<PendingChanges>(noChanges);
  const [state, setState] = useState<FormState>(idleState);
  const [notices, setNotices] = useState<string[]>([]);
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();
  // Saves kept on the phone while offline: shown on top of what the server last said, sent in
  // order when the connection comes back; their answer is the new starting point.
  const onArrived = useCallback((saved: SavedDay, sent: { changes: PendingChanges }) => {
    setBase(Object.fromEntries(saved.items.map((i) => [i.itemId, i.done])));
    setBasePain((previous) =>
      saved.painScore === null
        ? null
        : { score: saved.painScore, note: sent.changes.note ?? previous?.note ?? '' },
    );
  }, []);
  const offline = useOfflineQueue({ owner: patientId, date: log.date, onArrived });
  const kept = offline.keptChanges;

  const pain = changes.pain ?? inDoubt?.changes.pain ?? kept.pain ?? basePain?.score ?? null;
  const note = changes.note ?? inDoubt?.changes.note ?? kept.note ?? basePain?.note ?? '';
  const baseOf = (item: DayItem) => base[item.id] ?? item.done;
  const unconfirmed = (item: DayItem) =>
    changeOf(kept, item.id) + changeOf(inDoubt?.changes ?? null, item.id);
  const done = (item: DayItem) =>
    shownCount(item, baseOf(item), kept, inDoubt?.changes ?? null, changes);

  function edited(next: PendingChanges) {
    setChanges(next);
    if (state.status === 'success') {
      setState(idleState);
      setNotices([]);
    }
    if (offline.note.kind === 'sent') offline.setNote({ kind: 'none' });
  }

  async function send(sent: Sent): Promise<SendResult> {
    let result: FormState;
    try {
      result = await saveDayLogAction(
        idleState,
        changesToForm(sent.changes, { idempotencyKey: sent.key, date: log.date }),
      );
    } catch {
      // The request failed in the browser: no connection (or none that reaches Adhere).
      return { kind: 'unreachable', state: { status: 'error', message: UNREACHABLE } };
    }
    if (result.status === 'success') return { kind: 'saved', state: result };
    // Field errors mean the save was refused and nothing written; any other failure may have
    // happened after it was stored, so it is sent again with the same key.
    return { kind: result.errors ? 'refused' : 'unknown', state: result };
  }

  /** Takes a save's answer as the new starting point; returns what to say about a changed programme. */
  function confirmed(sent: Sent, answerState: FormState): string[] {
    const answer = savedDayFromData(answerState.data ?? {});
    if (!answer.replayed) {
      setBase(answer.done);
      setBasePain(
        answer.pain === null
          ? null
          : { score: answer.pain, note: sent.changes.note ?? basePain?.note ?? '' },
      );
    }
    const name = (itemId: string) => sent.changes.exercises[itemId]?.exerciseName ?? 'An exercise';
    return [
      ...answer.moved.map((itemId) => movedNotice(name(itemId))),
      ...answer.removed.map((itemId) => removedNotice(name(itemId))),
    ];
  }

  function save(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pain === null && note.trim() !== '') {
      setState({
        status: 'error',
        message: 'Please check the highlighted fields.',
        errors: { pain: ['Choose a pain score to save a note with it.'] },
      });
      return;
    }
    // The controls are disabled while this runs, so `changes` is what the patient has changed.
    startTransition(async () => {
      const seen: string[] = [];
      /** Keeps a save on the phone instead; false when this browser cannot keep it. */
      const keepOnPhone = async (sent: Sent) => {
        if (!(await offline.keep(sent).catch(() => false))) return false;
        setState(idleState);
        setNotices([]);
        return true;
      };
      const sent: Sent = { key: newIdempotencyKey(), changes };
      // Saves go in the order they were made: with no connection, or with older ones still
      // waiting that cannot be sent yet, this one waits behind them.
      const report = isOffline() ? null : await offline.flush().catch(() => null);
      if (isOffline() || (report && report.waiting > 0)) {
        const doubtKept = inDoubt ? await keepOnPhone(inDoubt) : true;
        if (inDoubt && doubtKept) setInDoubt(null);
        const newKept = hasChanges(changes) ? await keepOnPhone(sent) : true;
        if (hasChanges(changes) && newKept) setChanges(noChanges());
        if (doubtKept && newKept) return;
        // This browser keeps nothing (no IndexedDB): with no connection, say so and keep the entries.
        if (isOffline()) {
          setState({ status: 'error', message: UNREACHABLE });
          return;
        }
      }
      if (inDoubt) {
        const first = await send(inDoubt);
        if (first.kind === 'unreachable' && (await keepOnPhone(inDoubt))) {
          setInDoubt(null);
          if (hasChanges(changes) && (await keepOnPhone(sent))) setChanges(noChanges());
          return;
        }
        if (first.kind === 'unknown' || first.kind === 'unreachable') {
          setState(first.state);
          return;
        }
        setInDoubt(null);
        if (first.kind === 'refused') {
          // Nothing was written: the patient's changes are one set again, to correct and save.
          setChanges((current) => combineChanges(inDoubt.changes, current));
          setState(first.state);
          return;
        }
        seen.push(...confirmed(inDoubt, first.state));
        if (!hasChanges(changes)) {
          setNotices(seen);
          setState(first.state);
          return;
        }
      }
      setInDoubt(sent);
      setChanges(noChanges());
      const result = await send(sent);
      // Not reached: kept on the phone with the same key, so it is stored once whatever happened.
      if (result.kind === 'unreachable' && (await keepOnPhone(sent))) {
        setInDoubt(null);
        return;
      }
      if (result.kind === 'unknown' || result.kind === 'unreachable') {
        setState(result.state);
        return;
      }
      setInDoubt(null);
      if (result.kind === 'refused') {
        setChanges((current) => combineChanges(sent.changes, current));
        setState(result.state);
        return;
      }
      seen.push(...confirmed(sent, result.state));
      setNotices(seen);
      // The action revalidates /patient, so its answer brings the page's new log with it (no
      // router.refresh(): that was a second render of the same page).
      setState(result.state);
    });
  }

  return (
    <form onSubmit={save} noValidate className="space-y-6">
      <fieldset disabled={pending || !hydrated} className="min-w-0 space-y-6">
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
                  done={done(item)}
                  // What may already be stored for an earlier day cannot be undone any more.
                  minimum={isToday ? 0 : baseOf(item) + Math.max(0, unconfirmed(item))}
                  error={fieldError(state, `exercises.${item.id}.change`)}
                  onChange={(count) =>
                    edited(
                      withExerciseChange(changes, item, count - baseOf(item) - unconfirmed(item)),
                    )
                  }
                />
              ))}
            </ol>
          </section>
        ) : null}

        <PainScale
          value={pain}
          error={fieldError(state, 'pain')}
          onChange={(score) => edited({ ...changes, pain: score })}
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
            onChange={(e) => edited({ ...changes, note: e.target.value })}
            className="border-line bg-surface aria-[invalid=true]:border-danger mt-1 block w-full rounded border px-3 py-2 text-base"
          />
          <p id="pain-note-count" className="text-muted text-sm">
            {note.length} of {PAIN_NOTE_MAX.toLocaleString('en-GB')} characters
          </p>
          {fieldError(state, 'note') ? (
            <p className="text-danger text-sm">{fieldError(state, 'note')}</p>
          ) : null}
        </div>
      </fieldset>

      <div aria-live="polite">
        <FormMessage look="spaced" state={state} />
        {offline.note.kind === 'kept' ? (
          <div
            role="status"
            className="border-warning bg-warning-soft mb-3 rounded border px-3 py-2"
          >
            <p className="font-semibold">{KEPT_ON_PHONE}</p>
            <p>
              {offline.note.waiting === 1
                ? '1 save is waiting on this phone.'
                : `${offline.note.waiting} saves are waiting on this phone.`}
            </p>
          </div>
        ) : null}
        {offline.note.kind === 'sent' ? (
          <div
            role="status"
            className={`mb-3 rounded border px-3 py-2 ${offline.note.notices.length + offline.note.refused.length > 0 ? 'border-warning bg-warning-soft' : 'border-brand bg-brand-soft'}`}
          >
            <p className="font-semibold">{SENT_FROM_PHONE}</p>
            {offline.note.notices.length > 0 ? <p>{PROGRAMME_CHANGED}</p> : null}
            <ul className="my-1 list-disc pl-5">
              {[...offline.note.notices, ...offline.note.refused, ...offline.note.lines].map(
                (line, index) => (
                  <li key={`${index}-${line}`}>{line}</li>
                ),
              )}
            </ul>
            {offline.note.waiting > 0 ? (
              <p>{`${offline.note.waiting} more waiting on this phone.`}</p>
            ) : null}
          </div>
        ) : null}
        {state.status === 'success' ? (
          <div
            role="status"
            className={`mb-3 rounded border px-3 py-2 ${notices.length > 0 ? 'border-warning bg-warning-soft' : 'border-brand bg-brand-soft'}`}
          >
            {notices.length > 0 ? (
              <>
                <p className="font-semibold">{PROGRAMME_CHANGED}</p>
                <ul className="my-1 list-disc pl-5">
                  {notices.map((notice) => (
                    <li key={notice}>{notice}</li>
                  ))}
                </ul>
              </>
            ) : null}
            <p className="font-medium">{state.message}</p>
          </div>
        ) : null}
      </div>

      <SubmitButton
        pending={pending}
        disabled={!hydrated}
        pendingLabel="Saving…"
        className="bg-brand hover:bg-brand-strong min-h-12 w-full rounded-lg px-4 py-3 text-lg font-semibold text-white disabled:opacity-70"
      >
        Save
      </SubmitButton>
    </form>
  );
}
