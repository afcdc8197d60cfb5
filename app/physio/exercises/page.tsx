import type { Metadata } from 'next';
import Link from 'next/link';
import { requireRole } from '@/app/(auth)/session';
import { ExerciseCard } from '@/components/exercises/exercise-card';
import { listExercises } from '@/db/queries/exercises';
import { regionOptions } from '@/components/exercises/region-options';
import {
  filterButtonClass,
  SearchField,
  SelectField,
  wideFilterControlClass,
} from '@/components/ui/form-field';
import { BODY_REGION_LABELS } from '@/lib/body-regions';
import { exerciseFiltersSchema, type ExerciseFilters } from '@/lib/validation/exercise';

export const metadata: Metadata = { title: 'Exercise library' };

const NO_FILTERS: ExerciseFilters = { search: undefined, region: undefined, archived: false };

function describe(count: number, filters: ExerciseFilters): string {
  const parts = [`${count} exercise${count === 1 ? '' : 's'}`];
  if (filters.search) parts.push(`matching “${filters.search}”`);
  if (filters.region) parts.push(`for ${BODY_REGION_LABELS[filters.region].toLowerCase()}`);
  if (filters.archived) parts.push('including archived ones');
  return parts.join(' ');
}

export default async function ExerciseLibraryPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireRole('physio');
  const parsed = exerciseFiltersSchema.safeParse(await searchParams);
  const filters = parsed.success ? parsed.data : NO_FILTERS;
  const exercises = await listExercises(actor, {
    search: filters.search,
    region: filters.region,
    includeArchived: filters.archived,
  });
  const filtered = Boolean(filters.search || filters.region || filters.archived);

  return (
    <>
      <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Exercise library</h1>
          <p className="text-muted mt-1 max-w-2xl">
            The exercises shipped with Adhere and the ones you have written. Open one to see it as
            your patient will.
          </p>
        </div>
        <Link
          href="/physio/exercises/new"
          className="bg-brand hover:bg-brand-strong inline-flex min-h-11 items-center rounded px-4 py-2 font-semibold text-white"
        >
          New exercise
        </Link>
      </div>

      {/* A plain GET form: the filters live in the URL, so a view can be bookmarked. */}
      <form
        method="get"
        role="search"
        aria-label="Exercises"
        className="border-line bg-surface mb-4 flex flex-wrap items-end gap-3 rounded-lg border p-4"
      >
        <SearchField
          id="exercise-search"
          label="Search by name"
          className="min-w-48 flex-1"
          name="search"
          defaultValue={filters.search}
          controlClassName={wideFilterControlClass}
        />
        <SelectField
          id="exercise-region"
          label="Body region"
          compact
          className="min-w-40"
          name="region"
          defaultValue={filters.region ?? ''}
          options={regionOptions('All regions')}
          controlClassName={wideFilterControlClass}
        />
        <div className="flex min-h-11 items-center gap-2">
          <input
            id="exercise-archived"
            name="archived"
            type="checkbox"
            value="show"
            defaultChecked={filters.archived}
            className="size-5"
          />
          <label htmlFor="exercise-archived" className="text-sm font-medium">
            Show archived
          </label>
        </div>
        <div className="flex items-center gap-2">
          <button type="submit" className={filterButtonClass}>
            Apply
          </button>
          {filtered ? (
            <Link
              href="/physio/exercises"
              className="text-brand-strong inline-flex min-h-11 items-center px-2 font-medium underline underline-offset-4 hover:no-underline"
            >
              Clear filters
            </Link>
          ) : null}
        </div>
      </form>

      <p className="text-muted mb-3 text-sm" role="status">
        {describe(exercises.length, filters)}
      </p>

      {exercises.length === 0 ? (
        <div className="border-line bg-surface rounded-lg border p-6">
          <p className="font-medium">No exercises match these filters.</p>
          <p className="text-muted mt-1">
            Try another name or region, or{' '}
            <Link
              href="/physio/exercises/new"
              className="text-brand-strong underline underline-offset-4"
            >
              write a new exercise
            </Link>
            .
          </p>
        </div>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {exercises.map((exercise) => (
            <li key={exercise.id}>
              <ExerciseCard exercise={exercise} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
