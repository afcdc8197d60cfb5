import type { RoutineVersionSummary } from '@/db/queries/routines';
import { formatDate } from '@/lib/format';

/** Every version of the programme, newest first: what was prescribed when, and by whom. */
export function RoutineHistory({ versions }: { versions: RoutineVersionSummary[] }) {
  if (versions.length === 0)
    return <p className="text-muted">No programme has been assigned yet.</p>;
  return (
    <ol className="border-line bg-surface divide-line divide-y rounded-lg border">
      {versions.map((version) => (
        <li key={version.id} className="px-4 py-3">
          <span className="font-medium">{version.title}</span>
          <span className="text-muted block text-sm">
            {formatDate(version.startDate)} –{' '}
            {version.endDate ? formatDate(version.endDate) : 'ongoing'} · {version.itemCount}{' '}
            exercise{version.itemCount === 1 ? '' : 's'} · by {version.createdByName}
          </span>
        </li>
      ))}
    </ol>
  );
}
