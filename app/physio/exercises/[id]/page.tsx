import type { Metadata } from 'next';
import Link from 'next/link';
import { notFoundFor, requireRole } from '@/app/(auth)/session';
import { BackLink } from '@/components/ui/back-link';
import { ArchiveButton } from '@/components/exercises/archive-button';
import { ArchivedBadge, ExerciseSourceBadge } from '@/components/exercises/exercise-card';
import { ExerciseInstructions } from '@/components/exercises/exercise-instructions';
import { getExercise } from '@/db/queries/exercises';
import { bodyRegionLabel } from '@/lib/body-regions';
import { formatDose } from '@/lib/format';

export const metadata: Metadata = { title: 'Exercise' };

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

export default async function ExercisePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireRole('physio');
  const exercise = await getExercise(actor, (await params).id);
  if (!exercise) return notFoundFor(actor, (await params).id);

  const dose = formatDose({
    sets: exercise.defaultSets,
    reps: exercise.defaultReps,
    holdSeconds: exercise.defaultHoldSeconds,
  });
  const source = exercise.editable
    ? `Written by you · last changed ${dateTime.format(exercise.updatedAt)}`
    : exercise.shipped
      ? 'Shipped with Adhere (read-only)'
      : `Written by ${exercise.authorName ?? 'another physio'} (read-only)`;

  return (
    <>
      <BackLink href="/physio/exercises">Exercise library</BackLink>
      <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">{exercise.name}</h1>
          <p className="mt-2 flex flex-wrap gap-2">
            <ExerciseSourceBadge exercise={exercise} />
            {exercise.archived ? <ArchivedBadge /> : null}
          </p>
        </div>
        {exercise.editable ? (
          <div className="flex flex-wrap items-start gap-3">
            <Link
              href={`/physio/exercises/${exercise.id}/edit`}
              aria-label={`Edit ${exercise.name}`}
              className="bg-brand hover:bg-brand-strong inline-flex min-h-11 items-center rounded px-4 py-2 font-semibold text-white"
            >
              Edit
            </Link>
            <ArchiveButton
              exerciseId={exercise.id}
              name={exercise.name}
              archived={exercise.archived}
            />
          </div>
        ) : (
          <Link
            href={`/physio/exercises/new?from=${exercise.id}`}
            className="border-brand text-brand-strong hover:bg-brand-soft inline-flex min-h-11 items-center rounded border px-4 py-2 font-medium"
          >
            Copy to adapt it
          </Link>
        )}
      </div>

      {exercise.archived ? (
        <p className="border-warning bg-warning-soft mb-4 max-w-2xl rounded border px-4 py-3">
          Archived: it is hidden from the library and cannot be added to new programmes. Programmes
          that already use it keep it, and their patients still see it.
        </p>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <section aria-labelledby="patient-view-title">
          <h2 id="patient-view-title" className="mb-2 text-lg font-semibold">
            As your patient sees it
          </h2>
          <article className="border-line bg-surface max-w-xl rounded-lg border p-4">
            <h3 className="font-semibold">{exercise.name}</h3>
            <p className="text-muted">{dose}</p>
            <h4 className="mt-3 font-medium">How to do it</h4>
            <ExerciseInstructions instructions={exercise.instructions} className="mt-1" />
            {exercise.mediaUrl ? (
              <p className="mt-3">
                <a
                  href={exercise.mediaUrl}
                  target="_blank"
                  rel="noopener noreferrer"
                  className="text-brand-strong font-medium underline underline-offset-4 hover:no-underline"
                >
                  See a demonstration
                  <span className="sr-only"> (opens in a new tab)</span>
                </a>
              </p>
            ) : null}
          </article>
          <p className="text-muted mt-2 max-w-xl text-sm">
            In a programme, the dose shown is the one you prescribe there; this is the default.
          </p>
        </section>

        <section aria-labelledby="details-title">
          <h2 id="details-title" className="mb-2 text-lg font-semibold">
            Details
          </h2>
          <dl className="border-line bg-surface divide-line divide-y rounded-lg border text-sm">
            <div className="px-4 py-3">
              <dt className="text-muted">Body region</dt>
              <dd className="font-medium">{bodyRegionLabel(exercise.bodyRegion)}</dd>
            </div>
            <div className="px-4 py-3">
              <dt className="text-muted">Default dose</dt>
              <dd className="font-medium">{dose}</dd>
            </div>
            <div className="px-4 py-3">
              <dt className="text-muted">Source</dt>
              <dd className="font-medium">{source}</dd>
            </div>
          </dl>
        </section>
      </div>
    </>
  );
}
