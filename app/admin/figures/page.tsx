import type { Metadata } from 'next';
import { Suspense } from 'react';
import { requireRole } from '@/app/(auth)/session';
import { ClinicFiguresView } from '@/components/admin/clinic-figures-view';
import { ClinicWeeklyTable } from '@/components/admin/clinic-weekly-table';
import { FlagLegend } from '@/components/caseload/flag-legend';
import { LazyProgressChart } from '@/components/progress/lazy-progress-chart';
import { PageHeader } from '@/components/ui/page-header';
import type { Actor } from '@/db/queries/actor';
import { CLINIC_CHART_WEEKS, getClinicFigures } from '@/db/queries/clinic-figures';
import { clinicToday } from '@/lib/clinic-today';
import { weekStart } from '@/lib/dates';

export const metadata: Metadata = { title: 'Clinic figures' };

function FiguresSkeleton() {
  return (
    <div aria-busy="true" aria-live="polite" className="animate-pulse space-y-3">
      <span className="sr-only">Loading the clinic figures…</span>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="bg-line h-28 rounded-lg" />
        ))}
      </div>
      <div className="bg-line h-40 rounded-lg" />
      <div className="bg-line h-80 rounded-lg" />
    </div>
  );
}

async function Figures({ actor }: { actor: Actor }) {
  const today = clinicToday();
  const figures = await getClinicFigures(actor, today);
  if (!figures) return null;
  return (
    <>
      <ClinicFiguresView figures={figures} />
      <section aria-labelledby="clinic-weeks" className="mb-8">
        <h2 id="clinic-weeks" className="mb-1 text-lg font-semibold">
          The clinic week by week
        </h2>
        <p className="text-muted mb-3 text-sm">
          The last {CLINIC_CHART_WEEKS} weeks, all patients together: adherence is every session
          done over every session prescribed that week, mean pain the mean of every pain score.
          Weeks run Monday to Sunday; the current week counts up to today.
        </p>
        {figures.weeks.length === 0 ? (
          <p className="border-line bg-surface rounded-lg border p-5">
            No programme has started yet: the chart begins with the first routine.
          </p>
        ) : (
          <div className="space-y-4">
            <LazyProgressChart weeks={figures.weeks} />
            <ClinicWeeklyTable weeks={figures.weeks} currentWeek={weekStart(today)} />
          </div>
        )}
      </section>
      <FlagLegend />
    </>
  );
}

export default async function ClinicFiguresPage() {
  const actor = await requireRole('admin');
  return (
    <>
      <PageHeader
        title="Clinic figures"
        description="How the clinic's patients are doing, from the same numbers as every chart and export."
      />
      <Suspense fallback={<FiguresSkeleton />}>
        <Figures actor={actor} />
      </Suspense>
    </>
  );
}
