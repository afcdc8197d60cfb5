import Link from 'next/link';
import type { ExerciseSummary } from '@/db/queries/exercises';
import { bodyRegionLabel } from '@/lib/body-regions';
import { formatDose } from '@/lib/format';

const badge = 'inline-block rounded-full border px-2 py-0.5 text-xs font-medium';

/** Where an exercise comes from, in the words the library uses. */
export function ExerciseSourceBadge({ exercise }: { exercise: ExerciseSummary }) {
  if (exercise.editable) {
    return <span className={`${badge} border-brand bg-brand-soft text-brand-strong`}>Yours</span>;
  }
  if (exercise.shipped) {
    return <span className={`${badge} border-line bg-canvas text-muted`}>Shipped with Adhere</span>;
  }
  return (
    <span className={`${badge} border-line bg-canvas text-muted`}>
      By {exercise.authorName ?? 'another physio'}
    </span>
  );
}

export function ArchivedBadge() {
  return <span className={`${badge} border-warning bg-warning-soft text-warning`}>Archived</span>;
}

/** One exercise in the library list: its name links to the page showing it as the patient will. */
export function ExerciseCard({ exercise }: { exercise: ExerciseSummary }) {
  const headingId = `exercise-${exercise.id}`;
  return (
    <article
      aria-labelledby={headingId}
      className="border-line bg-surface flex h-full flex-col gap-2 rounded-lg border p-4"
    >
      <h2 id={headingId} className="leading-snug font-semibold">
        <Link
          href={`/physio/exercises/${exercise.id}`}
          className="text-brand-strong underline underline-offset-4 hover:no-underline"
        >
          {exercise.name}
        </Link>
      </h2>
      <dl className="text-sm">
        <div className="flex gap-1">
          <dt className="text-muted">Region:</dt>
          <dd>{bodyRegionLabel(exercise.bodyRegion)}</dd>
        </div>
        <div className="flex gap-1">
          <dt className="text-muted">Default dose:</dt>
          <dd>
            {formatDose({
              sets: exercise.defaultSets,
              reps: exercise.defaultReps,
              holdSeconds: exercise.defaultHoldSeconds,
            })}
          </dd>
        </div>
      </dl>
      <p className="mt-auto flex flex-wrap gap-2 pt-1">
        <ExerciseSourceBadge exercise={exercise} />
        {exercise.archived ? <ArchivedBadge /> : null}
      </p>
    </article>
  );
}
