import Link from 'next/link';
import type { EditableRoutine } from '@/db/queries/routines';
import { formatDate, formatDose } from '@/lib/format';
import { describeWeekdays } from '@/lib/weekdays';

/** The programme in force: each exercise with its dose and schedule, as the patient sees it. */
export function ActiveRoutine({
  routine,
  patientId,
}: {
  routine: EditableRoutine | null;
  patientId: string;
}) {
  if (!routine) {
    return (
      <div className="border-line bg-surface rounded-lg border p-4">
        <p>No programme is in force.</p>
        <Link
          href={`/physio/patients/${patientId}/routine`}
          className="bg-brand mt-3 inline-flex min-h-11 items-center rounded px-4 py-2 font-semibold text-white"
        >
          Build a routine
        </Link>
      </div>
    );
  }
  return (
    <div className="border-line bg-surface rounded-lg border">
      <div className="border-line flex flex-wrap items-center justify-between gap-2 border-b px-4 py-3">
        <div>
          <h3 className="font-semibold">{routine.title}</h3>
          <p className="text-muted text-sm">
            From {formatDate(routine.startDate)}
            {routine.endDate ? ` to ${formatDate(routine.endDate)}` : ''}
          </p>
        </div>
        <Link
          href={`/physio/patients/${patientId}/routine`}
          className="border-brand text-brand-strong hover:bg-brand-soft inline-flex min-h-11 items-center rounded border px-4 py-2 font-semibold"
        >
          Edit routine
        </Link>
      </div>
      <ol className="divide-line divide-y">
        {routine.items.map((item, index) => (
          <li key={`${item.exerciseId}-${index}`} className="px-4 py-3">
            <span className="font-medium">{item.exerciseName}</span>
            {item.archived ? <span className="text-muted text-xs"> (archived)</span> : null}
            <span className="text-muted block text-sm">
              {formatDose(item)} · {item.timesPerDay}× a day · {describeWeekdays(item.daysMask)}
            </span>
            {item.note ? <span className="block text-sm">“{item.note}”</span> : null}
          </li>
        ))}
      </ol>
    </div>
  );
}
