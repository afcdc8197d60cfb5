import { useDeferredValue, useState } from 'react';
import type { BodyRegion } from '@/db/schema';
import { SearchField, SelectField } from '@/components/ui/form-field';
import { regionOptions } from '@/components/exercises/region-options';
import { bodyRegionLabel } from '@/lib/body-regions';
import { formatDose } from '@/lib/format';
import type { PickableExercise } from './types';

const control =
  'border-line bg-surface mt-1 block min-h-11 w-full rounded border px-3 py-2 text-base';

const REGION_OPTIONS = regionOptions('All regions');

/** Lower-case, without accents or dashes, so "cat camel" finds "Cat–camel". */
function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/[\p{Dash_Punctuation}\s]+/gu, ' ')
    .toLowerCase()
    .trim();
}

/**
 * The physio's library, searchable by name and filterable by body region, each entry with an
 * "Add" button. Its controls have no `name`, so they are never part of the submitted form.
 */
export function ExercisePicker({
  exercises,
  inProgramme,
  onAdd,
}: {
  exercises: PickableExercise[];
  /** How many times each exercise is already in the programme, by id. */
  inProgramme: ReadonlyMap<string, number>;
  onAdd: (exercise: PickableExercise) => void;
}) {
  const [search, setSearch] = useState('');
  const [region, setRegion] = useState<BodyRegion | ''>('');
  const query = normalise(useDeferredValue(search));
  const shown = exercises.filter(
    (e) => (!region || e.bodyRegion === region) && (!query || normalise(e.name).includes(query)),
  );

  return (
    <section aria-labelledby="picker-heading" className="border-line bg-surface rounded-lg border">
      <div className="border-line border-b p-4">
        <h2 id="picker-heading" className="text-lg font-semibold">
          Add exercises
        </h2>
        <div
          role="search"
          aria-label="Exercise library"
          className="mt-2 grid gap-3 sm:grid-cols-2 lg:grid-cols-1"
        >
          <SearchField
            id="picker-search"
            label="Search by name"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            // Enter here looks things up; it must not submit the programme.
            onKeyDown={(e) => {
              if (e.key === 'Enter') e.preventDefault();
            }}
            autoComplete="off"
            controlClassName={control}
          />
          <SelectField
            id="picker-region"
            label="Body region"
            compact
            value={region}
            onChange={(e) => setRegion(e.target.value as BodyRegion | '')}
            options={REGION_OPTIONS}
            controlClassName={control}
          />
        </div>
        <p className="text-muted mt-2 text-sm" aria-live="polite">
          {shown.length === exercises.length
            ? `${exercises.length} exercises in your library`
            : `${shown.length} of ${exercises.length} exercises`}
        </p>
      </div>
      {shown.length === 0 ? (
        <p className="text-muted p-4">No exercise matches. Try another name or “All regions”.</p>
      ) : (
        <ul className="divide-line max-h-[32rem] divide-y overflow-y-auto" aria-label="Exercises">
          {shown.map((exercise) => {
            const times = inProgramme.get(exercise.id) ?? 0;
            return (
              <li key={exercise.id} className="flex items-center gap-3 px-4 py-2">
                <div className="min-w-0 flex-1">
                  <p className="font-medium">{exercise.name}</p>
                  <p className="text-muted text-sm">
                    {bodyRegionLabel(exercise.bodyRegion)} ·{' '}
                    {formatDose({
                      sets: exercise.defaultSets,
                      reps: exercise.defaultReps,
                      holdSeconds: exercise.defaultHoldSeconds,
                    })}
                    {exercise.shipped ? '' : ' · Yours'}
                    {times > 0 ? ` · In routine${times > 1 ? ` ×${times}` : ''}` : ''}
                  </p>
                </div>
                <button
                  type="button"
                  onClick={() => onAdd(exercise)}
                  aria-label={`Add ${exercise.name}`}
                  className="border-brand text-brand-strong hover:bg-brand-soft min-h-11 shrink-0 rounded border px-3 py-1.5 text-sm font-semibold"
                >
                  Add
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
