import type {
  ButtonHTMLAttributes,
  InputHTMLAttributes,
  ReactNode,
  SelectHTMLAttributes,
  TextareaHTMLAttributes,
} from 'react';
import { fieldError, type FormState } from '@/lib/forms';

/** What a field's control spreads onto itself to be named, described and marked invalid. */
export interface FieldControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
  'data-invalid'?: true | undefined;
}

/** Where a field stands and what it says around its control. */
export interface FieldFrame {
  id: string;
  label: ReactNode;
  error?: string;
  hint?: string;
  /** The small label of a field in a row of fields (a programme item's dose, a filter). */
  compact?: boolean;
  /** For a form with an error summary above it: errors in medium weight, the hint off the label. */
  emphasis?: boolean;
  /** Read by screen readers only, to tell apart fields that look alike ("Sets for Bridge"). */
  labelSuffix?: string;
  /** Also marks the control `data-invalid`, for a form that moves focus to its first error. */
  markInvalid?: boolean;
  /** Classes of the field's box, e.g. its width in a row of filters. */
  className?: string;
}

/**
 * A labelled control with its hint and its error, wired for screen readers. With `compact`, the
 * hint is in the label.
 */
export function FormField({
  id,
  label,
  error,
  hint,
  compact = false,
  emphasis = false,
  labelSuffix,
  markInvalid = false,
  className,
  children,
}: FieldFrame & { children: (props: FieldControlProps) => ReactNode }) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(' ');
  const invalid = error ? true : undefined;
  return (
    <div className={className}>
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
        <p
          id={`${id}-hint`}
          className={emphasis ? 'text-muted mt-0.5 text-sm' : 'text-muted text-sm'}
        >
          {hint}
        </p>
      ) : null}
      {children({
        id,
        'aria-invalid': invalid,
        'aria-describedby': describedBy || undefined,
        ...(markInvalid ? { 'data-invalid': invalid } : {}),
      })}
      {error ? (
        <p
          id={`${id}-error`}
          className={emphasis ? 'text-danger mt-1 text-sm font-medium' : 'text-danger mt-1 text-sm'}
        >
          {error}
        </p>
      ) : null}
    </div>
  );
}

export const inputClass =
  'border-line bg-surface mt-1 block min-h-11 w-full rounded border px-3 py-2 text-base aria-[invalid=true]:border-danger';

/** A control of a long form, whose invalid border is thicker so that it is found again. */
export const strongInputClass =
  'border-line bg-surface mt-1 block min-h-11 w-full rounded border px-3 py-2 text-base aria-[invalid=true]:border-danger aria-[invalid=true]:border-2';

/** A control of a filter form (a GET form above a list): as wide as what it holds. */
export const filterControlClass =
  'border-line bg-surface mt-1 block min-h-11 rounded border px-3 py-2';

/** A filter form's control that fills its box. */
export const wideFilterControlClass =
  'border-line bg-surface mt-1 block min-h-11 w-full rounded border px-3 py-2';

/** A filter form's button (never disabled: a GET form is sent by the browser). */
export const filterButtonClass =
  'bg-brand hover:bg-brand-strong min-h-11 rounded px-4 py-2 font-semibold text-white';

type FieldProps<Attributes> = FieldFrame &
  Omit<Attributes, 'id' | 'className' | 'aria-invalid' | 'aria-describedby'> & {
    /** The control's classes (the field's box takes `className`). */
    controlClassName?: string;
  };

/** A field's props split into its frame's, its control's and the control's classes. */
function splitField<P extends FieldProps<object>>(props: P) {
  const { id, label, error, hint, compact, emphasis, labelSuffix, markInvalid, className } = props;
  const { controlClassName = inputClass, ...rest } = props;
  const frame = { id, label, error, hint, compact, emphasis, labelSuffix, markInvalid, className };
  const control: Record<string, unknown> = { ...rest };
  for (const key of Object.keys(frame)) delete control[key];
  return [frame, control, controlClassName] as const;
}

/**
 * The props of a server-action form's field named `name` (its id too): its error, and the value
 * sent before a refused submit, to show again.
 */
export function stateField(state: FormState, name: string) {
  return { id: name, name, error: fieldError(state, name), defaultValue: state.values?.[name] };
}

/** A controlled text control's value and change handler, over a `useState` pair. */
export function bindValue(value: string, set: (value: string) => void) {
  return {
    value,
    onChange: (event: { target: { value: string } }) => set(event.target.value),
  };
}

/** A labelled `<input>`: the field's props place it, the others go to the input. */
export function InputField(props: FieldProps<InputHTMLAttributes<HTMLInputElement>>) {
  const [frame, input, className] = splitField(props);
  return (
    <FormField {...frame}>
      {(a11y) => <input {...a11y} {...input} className={className} />}
    </FormField>
  );
}

/** A filter's search box: a small label over a `type="search"` input. */
export function SearchField({
  controlClassName = filterControlClass,
  ...props
}: Omit<FieldProps<InputHTMLAttributes<HTMLInputElement>>, 'type' | 'compact'>) {
  return <InputField {...props} compact type="search" controlClassName={controlClassName} />;
}

/** A labelled `<textarea>`. */
export function TextAreaField(props: FieldProps<TextareaHTMLAttributes<HTMLTextAreaElement>>) {
  const [frame, textarea, className] = splitField(props);
  return (
    <FormField {...frame}>
      {(a11y) => <textarea {...a11y} {...textarea} className={className} />}
    </FormField>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

/** A labelled `<select>` of `options`, in their order (an empty value first for "any"). */
export function SelectField({
  options,
  ...props
}: FieldProps<SelectHTMLAttributes<HTMLSelectElement>> & { options: readonly SelectOption[] }) {
  const [frame, select, className] = splitField(props);
  return (
    <FormField {...frame}>
      {(a11y) => (
        <select {...a11y} {...select} className={className}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FormField>
  );
}

const MESSAGE_CLASS = {
  box: 'border-danger bg-danger-soft text-danger rounded border px-3 py-2',
  spaced: 'border-danger bg-danger-soft text-danger mb-3 rounded border px-3 py-2',
  text: 'text-danger',
  small: 'text-danger text-sm',
} as const;

/**
 * The message of a refused form or action, read out at once (`role="alert"`); nothing when there
 * is none. `message`, or `state`'s message when it is an error. `box` (the alert above a form),
 * `spaced` (the same with room for a button below it), or plain danger `text`, `small` or not.
 */
export function FormMessage({
  message,
  state,
  look = 'box',
}: {
  message?: string | null;
  state?: FormState;
  look?: keyof typeof MESSAGE_CLASS;
}) {
  const shown = message ?? (state?.status === 'error' ? state.message : undefined);
  if (!shown) return null;
  return (
    <p role="alert" className={MESSAGE_CLASS[look]}>
      {shown}
    </p>
  );
}

/** The classes of a form's main button (brand colour, full height for touch). */
export const primaryButtonClass =
  'bg-brand hover:bg-brand-strong min-h-11 rounded px-4 py-2 font-semibold text-white disabled:opacity-70';

/** The save button of a long form, a little wider. */
export const saveButtonClass =
  'bg-brand hover:bg-brand-strong min-h-11 rounded px-5 py-2 font-semibold text-white disabled:opacity-70';

/** The main button of a narrow form (sign-in, set password), as wide as the form. */
export const wideButtonClass =
  'bg-brand hover:bg-brand-strong min-h-11 w-full rounded px-4 py-2 font-semibold text-white disabled:opacity-70';

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
