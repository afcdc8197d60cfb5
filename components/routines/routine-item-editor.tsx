import { FormField } from '@/components/ui/form-field';
import { bodyRegionLabel } from '@/lib/body-regions';
import { ROUTINE_LIMITS } from '@/lib/validation/routine';
import type { DraftField, DraftItem } from './types';
import { WeekdayPicker } from './weekday-picker';

export type ItemErrors = Partial<Record<DraftField | 'exerciseId' | 'daysMask', string>>;

const input =
  'border-line bg-surface mt-1 block min-h-11 w-full rounded border px-3 py-2 text-base aria-[invalid=true]:border-danger aria-[invalid=true]:border-2';
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
        <FormField
          compact
          labelSuffix={`for ${name}`}
          id={id('sets')}
          label="Sets"
          error={errors.sets}
        >
          {(props) => (
            <input
              {...props}
              data-invalid={props['aria-invalid']}
              type="number"
              inputMode="numeric"
              min={ROUTINE_LIMITS.sets.min}
              max={ROUTINE_LIMITS.sets.max}
              value={item.sets}
              onChange={(e) => onChange('sets', e.target.value)}
              className={input}
            />
          )}
        </FormField>
        <FormField
          compact
          labelSuffix={`for ${name}`}
          id={id('reps')}
          label="Reps"
          error={errors.reps}
        >
          {(props) => (
            <input
              {...props}
              data-invalid={props['aria-invalid']}
              type="number"
              inputMode="numeric"
              min={ROUTINE_LIMITS.reps.min}
              max={ROUTINE_LIMITS.reps.max}
              value={item.reps}
              onChange={(e) => onChange('reps', e.target.value)}
              className={input}
            />
          )}
        </FormField>
        <FormField
          compact
          labelSuffix={`for ${name}`}
          id={id('hold')}
          label="Hold (s)"
          hint="optional"

          error={errors.holdSeconds}
        >
          {(props) => (
            <input
              {...props}
              data-invalid={props['aria-invalid']}
              type="number"
              inputMode="numeric"
              min={ROUTINE_LIMITS.holdSeconds.min}
              max={ROUTINE_LIMITS.holdSeconds.max}
              value={item.holdSeconds}
              onChange={(e) => onChange('holdSeconds', e.target.value)}
              className={input}
            />
          )}
        </FormField>
        <FormField
          compact
          labelSuffix={`for ${name}`}
          id={id('times')}
          label="Times per day"

          error={errors.timesPerDay}
        >
          {(props) => (
            <select
              {...props}
              data-invalid={props['aria-invalid']}
              value={item.timesPerDay}
              onChange={(e) => onChange('timesPerDay', e.target.value)}
              className={input}
            >
              <option value="1">1</option>
              <option value="2">2</option>
              <option value="3">3</option>
            </select>
          )}
        </FormField>
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
        <FormField
          compact
          labelSuffix={`for ${name}`}
          id={id('note')}
          label="Note for the patient"
          hint={`optional, up to ${ROUTINE_LIMITS.note} characters`}

          error={errors.note}
        >
          {(props) => (
            <textarea
              {...props}
              data-invalid={props['aria-invalid']}
              rows={2}
              value={item.note}
              onChange={(e) => onChange('note', e.target.value)}
              className={input}
            />
          )}
        </FormField>
      </div>
    </li>
  );
}
