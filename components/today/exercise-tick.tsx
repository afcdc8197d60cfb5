import type { DayItem } from '@/db/queries/day-log';
import { formatDose } from '@/lib/format';
import { FollowAlong } from './follow-along';

/**
 * One exercise of the day: its dose, the physio's note, the instructions on demand, a way to
 * mark it done — a single button, or a counter when it is prescribed more than once a day — and
 * help to follow it set by set.
 */
export function ExerciseTick({
  item,
  done,
  minimum,
  onChange,
  error,
}: {
  item: DayItem;
  done: number;
  /** Sessions that cannot be undone any more (logged on an earlier day). */
  minimum: number;
  onChange: (done: number) => void;
  error?: string;
}) {
  const complete = done >= item.timesPerDay;
  const button =
    'min-h-11 min-w-11 rounded-lg border-2 px-3 py-2 font-semibold disabled:opacity-50';
  return (
    <li
      className={`rounded-lg border-2 p-4 ${complete ? 'border-brand bg-brand-soft' : 'border-line bg-surface'}`}
    >
      <h3 className="font-semibold">{item.exerciseName}</h3>
      <p className="text-muted">
        {formatDose(item)}
        {item.timesPerDay > 1 ? ` · ${item.timesPerDay} times a day` : ''}
      </p>
      {item.note ? <p className="mt-1">{item.note}</p> : null}
      <details className="mt-1">
        <summary className="text-brand-strong min-h-11 cursor-pointer py-2 font-medium">
          How to do it
        </summary>
        <p className="whitespace-pre-line">{item.instructions}</p>
      </details>
      <div className="mt-2 flex flex-wrap items-center gap-3">
        {item.timesPerDay === 1 ? (
          <button
            type="button"
            aria-pressed={complete}
            disabled={complete && minimum >= 1}
            onClick={() => onChange(complete ? 0 : 1)}
            className={`${button} ${complete ? 'border-brand bg-brand text-white' : 'border-brand text-brand-strong bg-surface'}`}
          >
            {complete ? (
              <>
                Done <span aria-hidden="true">✓</span>
                <span className="sr-only"> – press to undo</span>
              </>
            ) : (
              'Mark done'
            )}
          </button>
        ) : (
          <div
            className="flex items-center gap-2"
            role="group"
            aria-label={`${item.exerciseName}: times done`}
          >
            <button
              type="button"
              aria-label={`One less ${item.exerciseName}`}
              disabled={done <= minimum}
              onClick={() => onChange(done - 1)}
              className={`${button} border-line bg-surface`}
            >
              −
            </button>
            <output aria-live="polite" className="min-w-20 text-center font-semibold">
              {done} of {item.timesPerDay} done
            </output>
            <button
              type="button"
              aria-label={`One more ${item.exerciseName}`}
              disabled={complete}
              onClick={() => onChange(done + 1)}
              className={`${button} border-brand text-brand-strong bg-surface`}
            >
              +
            </button>
          </div>
        )}
      </div>
      {error ? <p className="text-danger mt-1 text-sm">{error}</p> : null}
      <FollowAlong item={item} canMarkDone={!complete} onMarkDone={() => onChange(done + 1)} />
    </li>
  );
}
