import {
  InputField,
  SelectField,
  strongInputClass,
  TextAreaField,
} from '@/components/ui/form-field';
import { bodyRegionLabel } from '@/lib/body-regions';
import { ROUTINE_LIMITS } from '@/lib/routine-limits';
import type { DraftField, DraftItem } from './types';
import { WeekdayPicker } from './weekday-picker';

export type ItemErrors = Partial<Record<DraftField | 'exerciseId' | 'daysMask', string>>;

/** The numbers of a dose, each with the end of its id and its label. */
const DOSE_FIELDS = [
  { field: 'sets', suffix: 'sets', label: 'Sets', hint: undefined },
  { field: 'reps', suffix: 'reps', label: 'Reps', hint: undefined },
  { field: 'holdSeconds', suffix: 'hold', label: 'Hold (s)', hint: 'optional' },
] as const;

const TIMES_PER_DAY = ['1', '2', '3'].map((n) => ({ value: n, label: n }));
const smallButton =
  'border-line hover:bg-brand-soft min-h-11 min-w-11 rounded border px-3 py-1.5 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-50';

/** One exercise of the programme: its dose, days, times per day and note, and its place. */
export function RoutineItemEditor({
  item,
  index,
  count,
  errors,
  onChange,
  onDays,
  onMove,
  onRemove,
}: {
  item: DraftItem;
  index: number;
  count: number;
  errors: ItemErrors;
  onChange: (field: DraftField, value: string) => void;
  onDays: (mask: number) => void;
  onMove: (direction: -1 | 1) => void;
  onRemove: () => void;
}) {
  const id = (field: string) => `item-${item.uid}-${field}`;
  const name = item.exerciseName;
  const headingId = id('heading');
  // Each field's id, and its name for screen readers: "Sets for Bridge".
  const fieldOf = (suffix: string) => ({
    id: id(suffix),
    compact: true,
    labelSuffix: `for ${name}`,
    markInvalid: true,
    controlClassName: strongInputClass,
  });
  return (
    <li
      aria-labelledby={headingId}
      className="border-line bg-surface rounded-lg border p-4 shadow-xs"
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h3
            id={headingId}
            tabIndex={-1}
            data-invalid={errors.exerciseId ? true : undefined}
            aria-describedby={errors.exerciseId ? id('exercise-error') : undefined}
            className="font-semibold"
          >
            <span className="text-muted">{index + 1}.</span> {name}
          </h3>
          <p className="text-muted text-sm">
            {bodyRegionLabel(item.bodyRegion)}
            {item.archived ? ' · Archived: kept from the current routine' : ''}
          </p>
        </div>
        <div className="flex flex-wrap gap-1">
          <button
            type="button"
            id={id('up')}
            onClick={() => onMove(-1)}
            disabled={index === 0}
            aria-label={`Move up: ${name}`}
            className={smallButton}
          >
            <span aria-hidden="true">↑</span>
            <span className="hidden sm:inline"> Move up</span>
          </button>
          <button
            type="button"
            id={id('down')}
            onClick={() => onMove(1)}
            disabled={index === count - 1}
            aria-label={`Move down: ${name}`}
            className={smallButton}
          >
            <span aria-hidden="true">↓</span>
            <span className="hidden sm:inline"> Move down</span>
          </button>
          <button
            type="button"
            id={id('remove')}
            onClick={onRemove}
            aria-label={`Remove: ${name}`}
            className={`${smallButton} text-danger hover:bg-danger-soft`}
          >
            Remove
          </button>
        </div>
      </div>
      {errors.exerciseId ? (
        <p id={id('exercise-error')} className="text-danger mt-1 text-sm">
          {errors.exerciseId}
        </p>
      ) : null}

      <div className="mt-3 grid grid-cols-2 gap-3 sm:grid-cols-4">
        {DOSE_FIELDS.map(({ field, suffix, label, hint }) => (
          <InputField
            key={field}
            {...fieldOf(suffix)}
            label={label}
            hint={hint}
            error={errors[field]}
            type="number"
            inputMode="numeric"
            min={ROUTINE_LIMITS[field].min}
            max={ROUTINE_LIMITS[field].max}
            value={item[field]}
            onChange={(e) => onChange(field, e.target.value)}
          />
        ))}
        <SelectField
          {...fieldOf('times')}
          label="Times per day"
          error={errors.timesPerDay}
          value={item.timesPerDay}
          onChange={(e) => onChange('timesPerDay', e.target.value)}
          options={TIMES_PER_DAY}
        />
      </div>

      <div className="mt-3">
        <WeekdayPicker
          idPrefix={id('days')}
          exerciseName={name}
          mask={item.daysMask}
          error={errors.daysMask}
          onChange={onDays}
        />
      </div>

      <div className="mt-3">
        <TextAreaField
          {...fieldOf('note')}
          label="Note for the patient"
          hint={`optional, up to ${ROUTINE_LIMITS.note} characters`}
          error={errors.note}
          rows={2}
          value={item.note}
          onChange={(e) => onChange('note', e.target.value)}
        />
      </div>
    </li>
  );
}
