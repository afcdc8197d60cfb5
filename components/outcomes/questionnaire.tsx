'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useState } from 'react';
import { saveOutcomeResponseAction, skipOutcomeAction } from '@/app/patient/actions';
import { FormMessage, primaryButtonClass, SubmitButton } from '@/components/ui/form-field';
import { idleState, type FormState } from '@/lib/forms';
import { newIdempotencyKey } from '@/lib/idempotency-key';
import type { Answers } from '@/lib/outcome-measures/answers';
import type { Definition, Item } from '@/lib/outcome-measures/definition';

const OFFLINE =
  'Your answers could not be sent (no connection?). They are kept on this phone: press Send again when you are back online.';

const MAX_ACTIVITIES = 5;

/** What is kept in sessionStorage until the answers are sent: nothing is lost on a reload. */
interface Draft {
  key: string;
  step: number;
  answers: Answers;
  /** PSFS baseline: the activities typed so far. */
  names: string[];
}

type Screen =
  | { kind: 'intro' }
  | { kind: 'names' }
  | { kind: 'item'; item: Item; activity?: string }
  | { kind: 'review' };

const outlineButton =
  'border-line bg-surface hover:bg-canvas min-h-12 rounded border px-4 py-2 font-medium';

/**
 * A due questionnaire at the top of Today: one question per screen with large targets, progress
 * shown, resumable (the draft stays in this tab's sessionStorage until it is sent), and "Not
 * today". The answers go in one submission with an idempotency key kept with the draft, so a
 * retry after a dropped connection returns the first result instead of saving twice.
 */
export function Questionnaire({
  definition,
  baselineActivities,
  storageScope,
}: {
  definition: Definition;
  baselineActivities: Record<string, string> | null;
  /** Keeps one patient's draft apart from another's on a shared phone. */
  storageScope: string;
}) {
  const storageKey = `adhere.outcome.${storageScope}.${definition.id}@${definition.version}`;
  const [draft, setDraft] = useState<Draft>({ key: '', step: 0, answers: {}, names: [''] });
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    // Read after hydration: sessionStorage does not exist on the server.
    let restored: Draft | null = null;
    try {
      const text = window.sessionStorage.getItem(storageKey);
      if (text) restored = JSON.parse(text) as Draft;
    } catch {
      restored = null;
    }
    // eslint-disable-next-line react-hooks/set-state-in-effect -- restoring a kept draft once
    setDraft(restored ?? { key: newIdempotencyKey(), step: 0, answers: {}, names: [''] });
    setLoaded(true);
  }, [storageKey]);

  useEffect(() => {
    if (!loaded) return;
    try {
      window.sessionStorage.setItem(storageKey, JSON.stringify(draft));
    } catch {
      // Private mode or a full storage: the page state still holds the answers.
    }
  }, [draft, loaded, storageKey]);

  const [state, send, sending] = useActionState(
    async (previous: FormState, form: FormData): Promise<FormState> => {
      try {
        const result = await saveOutcomeResponseAction(previous, form);
        if (result.status === 'success') window.sessionStorage.removeItem(storageKey);
        return result;
      } catch {
        return { status: 'error', message: OFFLINE };
      }
    },
    idleState,
  );
  const [skipState, skip, skipping] = useActionState(skipOutcomeAction, idleState);
  const router = useRouter();
  const continueButton = (
    <button
      type="button"
      className={`${primaryButtonClass} mt-3 min-h-12 w-full`}
      onClick={() => router.refresh()}
    >
      Continue
    </button>
  );

  const namesActivities = definition.items.some(
    (item) => item.type === 'rating' && item.namedByPatient,
  );
  const ratingItems = definition.items.filter((item) => item.type === 'rating');
  const named = draft.names.map((n) => n.trim()).filter(Boolean);

  const screens: Screen[] = [{ kind: 'intro' }];
  if (namesActivities && !baselineActivities) {
    screens.push({ kind: 'names' });
    named.forEach((activity, i) => {
      const item = ratingItems[i];
      if (item) screens.push({ kind: 'item', item, activity });
    });
  } else if (namesActivities && baselineActivities) {
    for (const item of ratingItems) {
      const activity = baselineActivities[item.id];
      if (activity) screens.push({ kind: 'item', item, activity });
    }
  } else {
    for (const item of definition.items) screens.push({ kind: 'item', item });
  }
  screens.push({ kind: 'review' });

  const step = Math.min(draft.step, screens.length - 1);
  const screen = screens[step]!;
  const questionCount = screens.filter((s) => s.kind === 'item').length;
  const questionNumber = screens.slice(0, step + 1).filter((s) => s.kind === 'item').length;
  const headingId = `questionnaire-${definition.id}`;

  if (state.status === 'success') {
    return (
      <section
        aria-labelledby={headingId}
        className="border-brand bg-brand-soft mb-6 rounded-lg border p-4"
      >
        <h2 id={headingId} className="text-lg font-semibold">
          {definition.name}
        </h2>
        <p role="status">{state.message}</p>
        {continueButton}
      </section>
    );
  }
  if (skipState.status === 'success') {
    return (
      <div className="bg-canvas mb-6 rounded px-3 py-2">
        <p role="status">{skipState.message}</p>
        {continueButton}
      </div>
    );
  }

  const go = (to: number) => setDraft((d) => ({ ...d, step: to }));
  const setAnswer = (
    item: Item,
    value: { option: number } | { rating: number },
    activity?: string,
  ) =>
    setDraft((d) => ({
      ...d,
      answers: {
        ...d.answers,
        [item.id]: 'rating' in value && activity ? { ...value, activity } : value,
      },
    }));

  // The answers sent: for a PSFS baseline, only the activities still named, in order.
  const sentAnswers: Answers = {};
  for (const s of screens) {
    if (s.kind !== 'item') continue;
    const answer = draft.answers[s.item.id];
    if (!answer) continue;
    sentAnswers[s.item.id] =
      'rating' in answer && s.activity ? { rating: answer.rating, activity: s.activity } : answer;
  }
  const unanswered = screens.filter(
    (s) => s.kind === 'item' && s.item.required && !sentAnswers[s.item.id],
  ).length;
  const current = screen.kind === 'item' ? draft.answers[screen.item.id] : undefined;
  const canGoOn =
    screen.kind === 'names'
      ? named.length > 0
      : screen.kind === 'item'
        ? current !== undefined
        : true;

  return (
    <section
      aria-labelledby={headingId}
      className="border-brand bg-surface mb-6 rounded-lg border-2 p-4"
    >
      <p className="text-brand-strong text-sm font-semibold">
        2 minutes: how is your back affecting you?
      </p>
      <h2 id={headingId} className="text-lg font-semibold">
        {definition.name}
      </h2>
      {questionCount > 0 && screen.kind === 'item' ? (
        <div className="mt-2">
          <p id={`${headingId}-progress`} className="text-muted text-sm">
            Question {questionNumber} of {questionCount}
          </p>
          <progress
            className="accent-brand h-2 w-full"
            max={questionCount}
            value={questionNumber}
            aria-labelledby={`${headingId}-progress`}
          />
        </div>
      ) : null}

      <div className="mt-3">
        {screen.kind === 'intro' ? (
          <div className="space-y-3">
            <p>
              {definition.instructions ??
                'A few questions about how your back is affecting you. Your physiotherapist uses the answers to see what is changing.'}
            </p>
            {Object.keys(draft.answers).length > 0 ? (
              <p className="text-muted text-sm">
                Your answers so far are kept: carry on where you left off.
              </p>
            ) : null}
          </div>
        ) : null}

        {screen.kind === 'names' ? (
          <fieldset className="space-y-2">
            <legend className="font-medium">
              Name up to {MAX_ACTIVITIES} activities that you find hard or cannot do because of your
              back.
            </legend>
            {draft.names.map((name, i) => (
              <div key={i}>
                <label htmlFor={`activity-name-${i}`} className="text-sm font-medium">
                  Activity {i + 1}
                </label>
                <input
                  id={`activity-name-${i}`}
                  value={name}
                  maxLength={200}
                  onChange={(e) =>
                    setDraft((d) => ({
                      ...d,
                      names: d.names.map((n, j) => (j === i ? e.target.value : n)),
                    }))
                  }
                  className="border-line block min-h-12 w-full rounded border px-3 py-2"
                />
              </div>
            ))}
            {draft.names.length < MAX_ACTIVITIES ? (
              <button
                type="button"
                className={outlineButton}
                onClick={() => setDraft((d) => ({ ...d, names: [...d.names, ''] }))}
              >
                Add another activity
              </button>
            ) : null}
          </fieldset>
        ) : null}

        {screen.kind === 'item' ? (
          <ItemScreen
            key={screen.item.id}
            item={screen.item}
            activity={screen.activity}
            answer={current}
            onAnswer={(value) => setAnswer(screen.item, value, screen.activity)}
          />
        ) : null}

        {screen.kind === 'review' ? (
          <form action={send} className="space-y-3">
            <input type="hidden" name="idempotencyKey" value={draft.key} />
            <input type="hidden" name="instrumentId" value={definition.id} />
            <input type="hidden" name="answers" value={JSON.stringify(sentAnswers)} />
            <p>
              {unanswered > 0
                ? `${unanswered} question${unanswered === 1 ? ' has' : 's have'} no answer yet. Go back to answer ${unanswered === 1 ? 'it' : 'them'}.`
                : 'That is everything. Send your answers to your physiotherapist.'}
            </p>
            <FormMessage state={state} />
            <SubmitButton
              pending={sending}
              pendingLabel="Sending…"
              disabled={!loaded || unanswered > 0}
              className={`${primaryButtonClass} min-h-12 w-full`}
            >
              Send answers
            </SubmitButton>
          </form>
        ) : null}
      </div>

      <div className="mt-4 flex flex-wrap gap-2">
        {step > 0 ? (
          <button type="button" className={outlineButton} onClick={() => go(step - 1)}>
            Back
          </button>
        ) : null}
        {screen.kind !== 'review' ? (
          <button
            type="button"
            className={`${primaryButtonClass} min-h-12 flex-1`}
            disabled={!loaded || !canGoOn}
            onClick={() => go(step + 1)}
          >
            {screen.kind === 'intro' ? 'Start' : 'Next'}
          </button>
        ) : null}
      </div>
      {step === 0 ? (
        <form action={skip} className="mt-2">
          <input type="hidden" name="instrumentId" value={definition.id} />
          <FormMessage state={skipState} look="small" />
          <SubmitButton
            pending={skipping}
            pendingLabel="Putting it off…"
            className={`${outlineButton} w-full`}
          >
            Not today
          </SubmitButton>
        </form>
      ) : null}
      <p className="text-muted mt-4 text-xs">{definition.copyright}</p>
    </section>
  );
}

function ItemScreen({
  item,
  activity,
  answer,
  onAnswer,
}: {
  item: Item;
  activity?: string;
  answer: Answers[string] | undefined;
  onAnswer: (value: { option: number } | { rating: number }) => void;
}) {
  const name = `answer-${item.id}`;
  if (item.type === 'choice') {
    const chosen = answer && 'option' in answer ? answer.option : undefined;
    return (
      <fieldset>
        <legend className="mb-3 text-lg font-medium">{item.text}</legend>
        <div className="grid gap-2">
          {item.options.map((option, i) => (
            <label
              key={i}
              className="border-line has-checked:border-brand has-checked:bg-brand-soft flex min-h-12 cursor-pointer items-center gap-3 rounded border px-4 py-2"
            >
              <input
                type="radio"
                name={name}
                checked={chosen === i}
                onChange={() => onAnswer({ option: i })}
                className="size-5"
              />
              {option.label}
            </label>
          ))}
        </div>
      </fieldset>
    );
  }
  const rated = answer && 'rating' in answer ? answer.rating : undefined;
  const values = Array.from({ length: item.max - item.min + 1 }, (_, i) => item.min + i);
  return (
    <fieldset>
      <legend className="mb-1 text-lg font-medium">
        {activity ? `How able are you to do this now: “${activity}”?` : item.text}
      </legend>
      <p className="text-muted mb-3 text-sm">
        {item.min} = {item.minLabel}; {item.max} = {item.maxLabel}
      </p>
      <div className="grid grid-cols-6 gap-2">
        {values.map((value) => (
          <label
            key={value}
            className="border-line has-checked:border-brand has-checked:bg-brand has-focus-visible:outline-focus flex min-h-12 cursor-pointer items-center justify-center rounded border text-lg font-semibold has-checked:text-white has-focus-visible:outline-3"
          >
            <input
              type="radio"
              name={name}
              checked={rated === value}
              onChange={() => onAnswer({ rating: value })}
              className="sr-only"
              aria-label={
                value === item.min
                  ? `${value}, ${item.minLabel}`
                  : value === item.max
                    ? `${value}, ${item.maxLabel}`
                    : String(value)
              }
            />
            {value}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
