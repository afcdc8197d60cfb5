'use client';

import { useActionState, type ReactNode } from 'react';
import { saveReminderPreferencesAction } from '@/app/patient/actions';
import { FormMessage, SubmitButton, primaryButtonClass } from '@/components/ui/form-field';
import { fieldError, idleState } from '@/lib/forms';
import { WEEKDAY_NAMES, describeWeekdays, isScheduledOn } from '@/lib/weekdays';

/** What the reminders form shows, shaped on the server (db/queries/reminders.ts). */
export interface RemindersFormProps {
  enabled: boolean;
  dailyTime: string;
  /** The days ticked: the patient's own, or their programme's. */
  daysMask: number;
  programmeDaysMask: number;
  push: boolean;
  email: boolean;
  eveningNudge: boolean;
  emailAvailable: boolean;
  emailAddress: string;
  pushAvailable: boolean;
  quietHours: string | null;
  eveningTime: string;
  /** The "turn on notifications on this phone" control, when Web Push is on (a client leaf). */
  pushControl?: ReactNode;
}

const secondaryButtonClass =
  'border-line hover:bg-brand-soft min-h-11 rounded border px-4 py-2 font-semibold disabled:opacity-70';

/**
 * The patient's reminders: a time, the days, how (this phone and/or e-mail), the evening nudge,
 * and one button to turn them all off. A refused form keeps what was typed and ticked.
 */
export function RemindersForm(props: RemindersFormProps) {
  const [state, formAction, pending] = useActionState(saveReminderPreferencesAction, idleState);
  const sent = state.status === 'error' ? state.values : undefined;
  const ticked = (field: string, saved: boolean) => (sent ? sent[field] === 'on' : saved);
  const dailyTime = sent?.dailyTime ?? props.dailyTime;
  const timeError = fieldError(state, 'dailyTime');
  const daysError = fieldError(state, 'days');
  const channelsError = fieldError(state, 'channels');
  const followsProgramme =
    props.daysMask === props.programmeDaysMask && props.programmeDaysMask > 0;

  return (
    <form action={formAction} noValidate className="space-y-6" aria-labelledby="reminders-heading">
      <p id="reminders-state">
        {props.enabled
          ? `Reminders are on: ${props.dailyTime}, ${describeWeekdays(props.daysMask)}.`
          : 'Reminders are off.'}
      </p>
      <FormMessage state={state} />

      <div className="border-line bg-surface rounded-lg border p-4">
        <label htmlFor="reminder-time" className="text-lg font-semibold">
          Time
        </label>
        <p id="reminder-time-hint" className="text-muted text-sm">
          {props.quietHours
            ? `Your clinic sends no reminders between ${props.quietHours}.`
            : 'The time of day of your reminder.'}
        </p>
        <input
          id="reminder-time"
          type="time"
          name="dailyTime"
          defaultValue={dailyTime}
          aria-invalid={timeError ? true : undefined}
          aria-describedby={['reminder-time-hint', timeError ? 'reminder-time-error' : null]
            .filter(Boolean)
            .join(' ')}
          className="border-line mt-2 min-h-11 rounded border px-3 py-2"
        />
        {timeError ? (
          <p id="reminder-time-error" className="text-danger text-sm">
            {timeError}
          </p>
        ) : null}
      </div>

      <fieldset
        className="border-line bg-surface rounded-lg border p-4"
        aria-describedby={['reminder-days-hint', daysError ? 'reminder-days-error' : null]
          .filter(Boolean)
          .join(' ')}
      >
        <legend className="px-1 text-lg font-semibold">Days</legend>
        <p id="reminder-days-hint" className="text-muted text-sm">
          {followsProgramme
            ? 'Ticked: the days your programme has exercises. Reminders only go on those days.'
            : 'Reminders only go on days your programme has exercises.'}
        </p>
        {daysError ? (
          <p id="reminder-days-error" className="text-danger text-sm">
            {daysError}
          </p>
        ) : null}
        <div className="grid grid-cols-1 gap-x-4 sm:grid-cols-2">
          {WEEKDAY_NAMES.map((name, i) => (
            <label key={name} className="flex min-h-12 items-center gap-3">
              <input
                type="checkbox"
                name={`day${i + 1}`}
                defaultChecked={ticked(`day${i + 1}`, isScheduledOn(props.daysMask, i + 1))}
                className="size-6 shrink-0"
              />
              <span>{name}</span>
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset
        className="border-line bg-surface rounded-lg border p-4"
        aria-describedby={channelsError ? 'reminder-channels-error' : undefined}
      >
        <legend className="px-1 text-lg font-semibold">How</legend>
        {channelsError ? (
          <p id="reminder-channels-error" className="text-danger text-sm">
            {channelsError}
          </p>
        ) : null}
        <label className="flex min-h-12 items-start gap-3 py-2">
          <input
            type="checkbox"
            name="push"
            defaultChecked={ticked('push', props.push)}
            disabled={!props.pushAvailable}
            aria-describedby="reminder-push-hint"
            className="mt-1 size-6 shrink-0"
          />
          <span className="min-w-0">
            <span className="font-medium">Notifications on my phone</span>
            <span id="reminder-push-hint" className="text-muted block text-sm">
              {props.pushAvailable
                ? 'Turn notifications on for each phone you want them on. A tap opens Today.'
                : 'Notifications are not set up at your clinic.'}
            </span>
          </span>
        </label>
        {props.pushAvailable ? props.pushControl : null}
        <label className="flex min-h-12 items-start gap-3 py-2">
          <input
            type="checkbox"
            name="email"
            defaultChecked={ticked('email', props.email)}
            disabled={!props.emailAvailable}
            aria-describedby="reminder-email-hint"
            className="mt-1 size-6 shrink-0"
          />
          <span className="min-w-0">
            <span className="font-medium">E-mail</span>
            <span
              id="reminder-email-hint"
              className="text-muted block text-sm [overflow-wrap:anywhere]"
            >
              {props.emailAvailable
                ? `To ${props.emailAddress}.`
                : 'E-mail is not set up at your clinic.'}
            </span>
          </span>
        </label>
      </fieldset>

      <div className="border-line bg-surface rounded-lg border p-4">
        <label className="flex min-h-12 items-start gap-3">
          <input
            type="checkbox"
            name="eveningNudge"
            defaultChecked={ticked('eveningNudge', props.eveningNudge)}
            aria-describedby="reminder-evening-hint"
            className="mt-1 size-6 shrink-0"
          />
          <span className="min-w-0">
            <span className="text-lg font-semibold">Evening nudge</span>
            <span id="reminder-evening-hint" className="text-muted block text-sm">
              {`A second, gentler reminder at ${props.eveningTime} if nothing is logged that day. Never more than two a day.`}
            </span>
          </span>
        </label>
      </div>

      <div aria-live="polite">
        {state.status === 'success' ? (
          <p role="status" className="border-brand bg-brand-soft rounded border px-3 py-2">
            {state.message}
          </p>
        ) : null}
      </div>

      <div className="flex flex-wrap gap-3">
        <SubmitButton
          pending={pending}
          pendingLabel="Saving…"
          name="intent"
          value="save"
          className={primaryButtonClass}
        >
          {props.enabled ? 'Save reminders' : 'Turn reminders on'}
        </SubmitButton>
        {props.enabled ? (
          <SubmitButton
            pending={pending}
            pendingLabel="Saving…"
            name="intent"
            value="off"
            className={secondaryButtonClass}
          >
            Turn reminders off
          </SubmitButton>
        ) : null}
      </div>
    </form>
  );
}
