'use client';

import { useState } from 'react';
import type { IsoDate } from '@/lib/dates';
import type { ShownWeek } from '@/lib/metrics/progress';
import { LazyProgressChart } from './lazy-progress-chart';
import { NO_WEEKS_MESSAGE, WeeklyTable } from './weekly-table';

type View = 'chart' | 'table';

const VIEWS: { id: View; label: string }[] = [
  { id: 'chart', label: 'Chart' },
  { id: 'table', label: 'Table' },
];

/** The progress chart, with the same numbers as a table one press away. */
export function ProgressPanel({
  weeks,
  currentWeek,
}: {
  weeks: ShownWeek[];
  currentWeek?: IsoDate;
}) {
  const [view, setView] = useState<View>('chart');

  if (weeks.length === 0) {
    return <p className="border-line bg-surface rounded-lg border p-5">{NO_WEEKS_MESSAGE}</p>;
  }

  return (
    <div className="space-y-3">
      <div role="group" aria-label="Show progress as" className="flex gap-2">
        {VIEWS.map(({ id, label }) => (
          <button
            key={id}
            type="button"
            aria-pressed={view === id}
            onClick={() => setView(id)}
            className="border-brand text-brand-strong hover:bg-brand-soft aria-pressed:bg-brand aria-pressed:hover:bg-brand-strong min-h-11 rounded border px-4 py-2 text-sm font-medium aria-pressed:text-white"
          >
            {label}
          </button>
        ))}
      </div>
      {view === 'chart' ? (
        <LazyProgressChart weeks={weeks} />
      ) : (
        <WeeklyTable
          weeks={weeks}
          currentWeek={currentWeek}
          caption="The chart's numbers as a table: sessions done, adherence and mean pain for each week."
        />
      )}
    </div>
  );
}
