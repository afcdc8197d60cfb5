import type { CompletionDay } from '@/db/queries/patients';
import { formatDate } from '@/lib/format';

export function RecentCompletions({ days }: { days: CompletionDay[] }) {
  if (days.length === 0)
    return <p className="text-muted">No exercises logged in the last 14 days.</p>;
  return (
    <ul className="border-line bg-surface divide-line divide-y rounded-lg border">
      {days.map((day) => (
        <li key={day.performedOn} className="px-4 py-3">
          <span className="font-medium">{formatDate(day.performedOn)}</span>
          <ul className="text-muted mt-1 text-sm">
            {day.exercises.map((exercise, i) => (
              <li key={`${exercise.name}-${i}`}>
                {exercise.name}
                {exercise.timesPerDay > 1
                  ? ` — ${exercise.sessions} of ${exercise.timesPerDay}`
                  : ''}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}
