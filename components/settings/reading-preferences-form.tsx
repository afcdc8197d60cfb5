'use client';

import { useActionState } from 'react';
import { saveReadingPreferencesAction } from '@/app/patient/actions';
import { FormMessage, SubmitButton, wideButtonClass } from '@/components/ui/form-field';
import { fieldError, idleState } from '@/lib/forms';
import {
  TEXT_SIZE_LABELS,
  TEXT_SIZES,
  type ReadingPreferences,
  type TextSize,
} from '@/lib/reading-preferences';

const SIZE_HINTS: Record<TextSize, string> = {
  standard: 'The usual size.',
  large: 'A little bigger.',
  largest: 'The biggest: one exercise fills more of the screen.',
};

/**
 * Text size and high contrast. The controls are left to the browser (not controlled), and their
 * defaults are what was saved or last sent: React resets a form to its defaults after its action.
 */
export function ReadingPreferencesForm({ preferences }: { preferences: ReadingPreferences }) {
  const [state, formAction, pending] = useActionState(saveReadingPreferencesAction, idleState);
  const sent = state.values ?? {};
  const textSize = (TEXT_SIZES as readonly string[]).includes(sent.textSize ?? '')
    ? (sent.textSize as TextSize)
    : preferences.textSize;
  const highContrast = state.values ? sent.highContrast === 'on' : preferences.highContrast;
  const sizeError = fieldError(state, 'textSize');

  return (
    <form action={formAction} noValidate className="space-y-6">
      <FormMessage state={state} />
      <fieldset
        className="border-line bg-surface rounded-lg border p-4"
        aria-describedby={sizeError ? 'text-size-error' : undefined}
      >
        <legend className="px-1 text-lg font-semibold">Text size</legend>
        {sizeError ? (
          <p id="text-size-error" className="text-danger text-sm">
            {sizeError}
          </p>
        ) : null}
        {TEXT_SIZES.map((size) => (
          <label key={size} className="flex min-h-12 items-start gap-3 py-2">
            <input
              type="radio"
              name="textSize"
              value={size}
              defaultChecked={textSize === size}
              aria-describedby={`text-size-${size}-hint`}
              className="mt-1 size-6 shrink-0"
            />
            <span>
              <span className="font-medium">{TEXT_SIZE_LABELS[size]}</span>
              <span id={`text-size-${size}-hint`} className="text-muted block text-sm">
                {SIZE_HINTS[size]}
              </span>
            </span>
          </label>
        ))}
      </fieldset>

      <div className="border-line bg-surface rounded-lg border p-4">
        <label className="flex min-h-12 items-start gap-3">
          <input
            type="checkbox"
            name="highContrast"
            defaultChecked={highContrast}
            aria-describedby="high-contrast-hint"
            className="mt-1 size-6 shrink-0"
          />
          <span>
            <span className="text-lg font-semibold">High contrast</span>
            <span id="high-contrast-hint" className="text-muted block text-sm">
              Black text on white, with darker lines and buttons.
            </span>
          </span>
        </label>
        {fieldError(state, 'highContrast') ? (
          <p className="text-danger text-sm">{fieldError(state, 'highContrast')}</p>
        ) : null}
      </div>

      <div aria-live="polite">
        {state.status === 'success' ? (
          <p role="status" className="border-brand bg-brand-soft rounded border px-3 py-2">
            {state.message}
          </p>
        ) : null}
      </div>

      <SubmitButton pending={pending} pendingLabel="Saving…" className={wideButtonClass}>
        Save settings
      </SubmitButton>
    </form>
  );
}
