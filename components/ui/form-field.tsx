import type { ButtonHTMLAttributes, ReactNode } from 'react';

/** What a field's control spreads onto itself to be named, described and marked invalid. */
export interface FieldControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/**
 * A labelled control with its hint and its error, wired for screen readers. `compact` is the
 * small label of a field in a row of fields (a programme item's dose), with the hint in the label;
 * `labelSuffix` is read by screen readers only, to tell apart fields that look alike on screen
 * ("Sets for Bridge").
 */
export function FormField({
  id,
  label,
  error,
  hint,
  compact = false,
  labelSuffix,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  compact?: boolean;
  labelSuffix?: string;
  children: (props: FieldControlProps) => ReactNode;
}) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div>
      <label htmlFor={id} className={compact ? 'text-sm font-medium' : 'font-medium'}>
        {label}
        {labelSuffix ? <span className="sr-only"> {labelSuffix}</span> : null}
        {hint && compact ? (
          <span id={`${id}-hint`} className="text-muted font-normal">
            {' '}
            {hint}
          </span>
        ) : null}
      </label>
      {hint && !compact ? (
        <p id={`${id}-hint`} className="text-muted text-sm">
          {hint}
        </p>
      ) : null}
      {children({
        id,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': describedBy || undefined,
      })}
      {error ? (
        <p id={`${id}-error`} className="text-danger mt-1 text-sm">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export const inputClass =
  'border-line bg-surface mt-1 block min-h-11 w-full rounded border px-3 py-2 text-base aria-[invalid=true]:border-danger';

/**
 * The message above a form that was refused, read out at once (`role="alert"`); nothing when
 * there is none. `spaced` leaves room below it where the form's button follows.
 */
export function FormMessage({
  message,
  spaced = false,
}: {
  message?: string | null;
  spaced?: boolean;
}) {
  if (!message) return null;
  return (
    <p
      role="alert"
      className={
        spaced
          ? 'border-danger bg-danger-soft text-danger mb-3 rounded border px-3 py-2'
          : 'border-danger bg-danger-soft text-danger rounded border px-3 py-2'
      }
    >
      {message}
    </p>
  );
}

/** The classes of a form's main button (brand colour, full height for touch). */
export const primaryButtonClass =
  'bg-brand hover:bg-brand-strong min-h-11 rounded px-4 py-2 font-semibold text-white disabled:opacity-70';

/**
 * A form's submit button, disabled and saying what it is doing (`pendingLabel`, e.g. "Saving…")
 * while the form is sent, so that it is not sent twice.
 */
export function SubmitButton({
  pending,
  pendingLabel,
  disabled = false,
  className = primaryButtonClass,
  children,
  ...rest
}: {
  pending: boolean;
  pendingLabel: string;
  /** Disabled for another reason than a pending save (e.g. not hydrated yet). */
  disabled?: boolean;
  children: ReactNode;
} & Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type' | 'disabled' | 'children'>) {
  return (
    <button type="submit" disabled={pending || disabled} className={className} {...rest}>
      {pending ? pendingLabel : children}
    </button>
  );
}
