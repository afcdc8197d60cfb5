import { EVERY_DAY, isScheduledOn, WEEKDAY_NAMES } from '@/lib/weekdays';

/** Mon–Sun checkboxes with an "Every day" shortcut, for one item's days mask. */
export function WeekdayPicker({
  idPrefix,
  exerciseName,
  mask,
  error,
  onChange,
}: {
  idPrefix: string;
  exerciseName: string;
  mask: number;
  error?: string;
  onChange: (mask: number) => void;
}) {
  const errorId = `${idPrefix}-error`;
  const box = 'size-5 accent-[var(--color-brand)]';
  return (
    <fieldset aria-describedby={error ? errorId : undefined}>
      <legend className="font-medium">
        Days<span className="sr-only"> for {exerciseName}</span>
      </legend>
      <label className="hover:bg-brand-soft mt-1 flex min-h-11 w-fit items-center gap-2 rounded pr-3 pl-1">
        <input
          type="checkbox"
          id={`${idPrefix}-every`}
          checked={mask === EVERY_DAY}
          onChange={(e) => onChange(e.target.checked ? EVERY_DAY : 0)}
          className={box}
          data-invalid={error ? true : undefined}
        />
        Every day
      </label>
      <div className="flex flex-wrap gap-x-1">
        {WEEKDAY_NAMES.map((day, i) => {
          const bit = 1 << i;
          return (
            <label
              key={day}
              className="hover:bg-brand-soft flex min-h-11 min-w-14 items-center gap-1.5 rounded pr-2 pl-1"
            >
              <input
                type="checkbox"
                checked={isScheduledOn(mask, i + 1)}
                onChange={(e) => onChange(e.target.checked ? mask | bit : mask & ~bit)}
                className={box}
              />
              <span aria-hidden="true">{day.slice(0, 3)}</span>
              <span className="sr-only">{day}</span>
            </label>
          );
        })}
      </div>
      {error ? (
        <p id={errorId} className="text-danger mt-1 text-sm">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
