import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { requireRole } from '@/app/(auth)/session';
import { ProgressPanel } from '@/components/progress/progress-panel';
import { WeeklyTable } from '@/components/progress/weekly-table';
import { PageHeader } from '@/components/ui/page-header';
import { getPatientProgress } from '@/db/queries/progress';
import { clinicToday } from '@/lib/clinic-today';
import { weekStart } from '@/lib/dates';
import { formatDate } from '@/lib/format';

export const metadata: Metadata = { title: 'Patient' };

const patientIdSchema = z.uuid();

export default async function PhysioPatientPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireRole('physio');
  const id = patientIdSchema.safeParse((await params).id);
  if (!id.success) notFound();

  const today = clinicToday();
  const progress = await getPatientProgress(actor, id.data, today);
  if (!progress) notFound();
  const { patient, weeks } = progress;

  const facts = [
    `Physiotherapist: ${patient.physioName}`,
    patient.firstRoutineStart
      ? `Programme started ${formatDate(patient.firstRoutineStart)}`
      : 'No programme yet',
    ...(patient.dischargedOn ? [`Discharged ${formatDate(patient.dischargedOn)}`] : []),
  ];

  return (
    <>
      <Link
        href="/physio"
        className="text-brand-strong mb-2 inline-block py-2 text-sm font-medium underline-offset-4 hover:underline"
      >
        ← Back to caseload
      </Link>
      <PageHeader title={patient.name} description={facts.join(' · ')} />

      <section aria-labelledby="progress-heading" className="mb-8">
        <h2 id="progress-heading" className="mb-1 text-lg font-semibold">
          Progress
        </h2>
        <p className="text-muted mb-3 text-sm">
          Bars: adherence, the share of prescribed sessions done each week (left scale). Line: mean
          of the week’s daily pain scores, 0–10 (right scale). Gaps are weeks with no value.
        </p>
        <ProgressPanel weeks={weeks} currentWeek={weekStart(today)} />
      </section>

      <section aria-labelledby="weeks-heading">
        <h2 id="weeks-heading" className="mb-3 text-lg font-semibold">
          Week by week
        </h2>
        <WeeklyTable weeks={weeks} currentWeek={weekStart(today)} />
      </section>
    </>
  );
}
