import type { Metadata } from 'next';
import { z } from 'zod';
import { notFoundFor, requireRole } from '@/app/(auth)/session';
import { PainReportList } from '@/components/patients/pain-report-list';
import { DownloadMyData } from '@/components/progress/download-my-data';
import { ProgressPanel } from '@/components/progress/progress-panel';
import { WeekByWeek } from '@/components/progress/week-by-week';
import { PageHeader } from '@/components/ui/page-header';
import { listPainReports } from '@/db/queries/patients';
import { getPatientProgress } from '@/db/queries/progress';
import { clinicToday } from '@/lib/clinic-today';
import { weekStart } from '@/lib/dates';
import { formatDate } from '@/lib/format';
import { shownWeeks } from '@/lib/metrics/progress';

export const metadata: Metadata = { title: 'Your progress' };

const PAIN_PAGE_SIZE = 10;
const searchSchema = z.object({
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

export default async function PatientProgressPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireRole('patient');
  const today = clinicToday();
  const { page } = searchSchema.parse(await searchParams);
  const [progress, pain] = await Promise.all([
    getPatientProgress(actor, actor.id, today),
    listPainReports(actor, actor.id, { page, pageSize: PAIN_PAGE_SIZE }),
  ]);
  if (!progress || !pain) return notFoundFor(actor, actor.id);
  const { patient } = progress;
  // The panel and the table share one array: the page's payload carries it once.
  const weeks = shownWeeks(progress.weeks);
  const currentWeek = weekStart(today);

  return (
    <>
      <PageHeader
        title="Your progress"
        description="How many of your exercise sessions you did each week, and your average back pain."
      />
      {patient.firstRoutineStart ? (
        <p className="-mt-3 mb-6">
          Your programme started on {formatDate(patient.firstRoutineStart)}. Your physiotherapist is{' '}
          {patient.physioName}.
        </p>
      ) : null}

      <section aria-labelledby="progress-heading" className="mb-8">
        <h2 id="progress-heading" className="mb-1 text-lg font-semibold">
          Week by week at a glance
        </h2>
        <p className="text-muted mb-3 text-sm">
          The bars show how many of your sessions you did each week, out of 100% (scale on the
          left). The line shows your average pain score that week, from 0 (no pain) to 10 (worst
          pain imaginable; scale on the right). A gap means there was nothing to show that week.
        </p>
        <ProgressPanel weeks={weeks} currentWeek={currentWeek} />
      </section>

      <section aria-labelledby="weeks-heading">
        <h2 id="weeks-heading" className="mb-3 text-lg font-semibold">
          Your weeks
        </h2>
        <WeekByWeek
          weeks={weeks}
          currentWeek={currentWeek}
          caption="Each week: the sessions you did out of those in your programme, and your average pain score."
        />
      </section>

      <section aria-labelledby="history-heading" className="mt-8">
        <h2 id="history-heading" className="mb-3 text-lg font-semibold">
          Your pain scores and notes
        </h2>
        <PainReportList
          rows={pain.rows}
          total={pain.total}
          page={page}
          pageSize={PAIN_PAGE_SIZE}
          pageHref={(n) => `/patient/progress?page=${n}#history-heading`}
        />
      </section>

      <DownloadMyData />
    </>
  );
}
