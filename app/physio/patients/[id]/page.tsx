import type { Metadata } from 'next';
import { Suspense } from 'react';
import { z } from 'zod';
import { notFoundFor, requireRole } from '@/app/(auth)/session';
import { OutcomeRecordSection } from '@/components/outcomes/outcome-record';
import { ActiveRoutine } from '@/components/patients/active-routine';
import { DownloadReportLink } from '@/components/patients/download-report-link';
import { PainReportList } from '@/components/patients/pain-report-list';
import { PatientActions } from '@/components/patients/patient-actions';
import { PatientProfile } from '@/components/patients/patient-profile';
import { RecentCompletions } from '@/components/patients/recent-completions';
import { RoutineHistory } from '@/components/patients/routine-history';
import { ProgressPanel } from '@/components/progress/progress-panel';
import { WeekByWeek } from '@/components/progress/week-by-week';
import { EndRoutineForm } from '@/components/routines/end-routine-form';
import { BackLink } from '@/components/ui/back-link';
import { PageHeader } from '@/components/ui/page-header';
import { SectionSkeleton } from '@/components/ui/page-skeleton';
import { Section } from '@/components/ui/section';
import type { CheckedPatient } from '@/db/queries/patient-access';
import { clinicToday } from '@/lib/clinic-today';
import { weekStart, type IsoDate } from '@/lib/dates';
import { shownWeeks } from '@/lib/metrics/progress';
import { PAIN_PAGE_SIZE, readRecordTop, recordSections } from './record-reads';

export const metadata: Metadata = { title: 'Patient' };

const paramsSchema = z.object({ id: z.uuid() });
const searchSchema = z.object({
  painPage: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

export default async function PhysioPatientPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireRole('physio');
  const parsed = paramsSchema.safeParse(await params);
  if (!parsed.success) return notFoundFor(actor);
  const id = parsed.data.id;
  const { painPage } = searchSchema.parse(await searchParams);
  const today = clinicToday();

  // The top of the page waits only on what it shows first: who the patient is and the programme
  // in force. The weeks, pain notes, completions and routine history stream in below, each
  // behind its own <Suspense>, so the first bytes do not wait on the year of weekly figures.
  // The patient is checked once, here; the parts below read with the check (./record-reads.ts).
  const top = await readRecordTop(actor, id, today);
  if (!top) return notFoundFor(actor, id);
  const { record: patient, patient: checked, routine } = top;

  return (
    <>
      <BackLink href="/physio">Back to caseload</BackLink>
      <PageHeader
        title={patient.name}
        description={
          patient.dischargedOn ? 'Discharged — records are kept.' : patient.condition || undefined
        }
      />

      {/* Whether the patient chose reminders; their time, days and channels are theirs alone. */}
      <p className="text-muted -mt-2 mb-4 text-sm">Reminders: {top.remindersOn ? 'on' : 'off'}</p>

      <div className="mb-8">
        <PatientActions
          patientId={patient.id}
          name={patient.name}
          discharged={!!patient.dischargedOn}
          hasPassword={patient.hasPassword}
        />
      </div>

      <div className="grid gap-8 lg:grid-cols-2">
        <Section id="profile-heading" title="Profile">
          <PatientProfile patient={patient} today={today} />
        </Section>
        <Section id="routine-heading" title="Current routine">
          {patient.dischargedOn ? (
            <p className="text-muted">The patient is discharged, so no programme is in force.</p>
          ) : (
            <div className="space-y-3">
              <ActiveRoutine routine={routine} patientId={patient.id} />
              {routine && routine.startDate <= today ? (
                <EndRoutineForm patientId={patient.id} title={routine.title} today={today} />
              ) : null}
            </div>
          )}
        </Section>
      </div>

      <Suspense fallback={<ProgressSkeleton patientId={patient.id} />}>
        <ProgressSections patient={checked} today={today} />
      </Suspense>

      <Section id="outcomes-heading" title="Outcome measures">
        <Suspense fallback={<SectionSkeleton label="outcome measures" />}>
          <Outcomes patient={checked} today={today} />
        </Suspense>
      </Section>

      <div className="grid gap-8 lg:grid-cols-2">
        <Section id="pain-heading" title="Pain scores and notes">
          <Suspense fallback={<SectionSkeleton label="pain scores" />}>
            <PainScores patient={checked} page={painPage} />
          </Suspense>
        </Section>
        <Section id="completions-heading" title="Exercises done, last 14 days">
          <Suspense fallback={<SectionSkeleton label="exercises done" />}>
            <Completions patient={checked} today={today} />
          </Suspense>
        </Section>
      </div>

      <Section id="history-heading" title="Routine history">
        <Suspense fallback={<SectionSkeleton label="routine history" />}>
          <History patient={checked} />
        </Suspense>
      </Section>
    </>
  );
}

interface SectionProps {
  patient: CheckedPatient;
}

/** The two sections fed by the weekly figures, with their headings shown from the first byte. */
function ProgressFrame({
  patientId,
  chart,
  table,
}: {
  patientId: string;
  chart: React.ReactNode;
  table: React.ReactNode;
}) {
  return (
    <>
      <Section id="progress-heading" title="Progress">
        <p className="text-muted mb-3 text-sm">
          Bars: adherence, the share of prescribed sessions done each week (left scale). Line: mean
          of the week’s daily pain scores, 0–10 (right scale). Gaps are weeks with no value.
        </p>
        {chart}
      </Section>
      <Section id="weeks-heading" title="Week by week">
        <p className="mb-3">
          <DownloadReportLink patientId={patientId} />
        </p>
        {table}
      </Section>
    </>
  );
}

function ProgressSkeleton({ patientId }: { patientId: string }) {
  return (
    <ProgressFrame
      patientId={patientId}
      chart={<SectionSkeleton label="the progress chart" height="h-80" />}
      table={<SectionSkeleton label="the weekly table" height="h-48" />}
    />
  );
}

async function ProgressSections({ patient, today }: SectionProps & { today: IsoDate }) {
  // The panel draws the chart in the browser; its "Table" view is rendered only when chosen,
  // so the weekly table is rendered once, here, from the same array the panel is sent.
  const weeks = shownWeeks(await recordSections.progress(patient, today));
  const currentWeek = weekStart(today);
  return (
    <ProgressFrame
      patientId={patient.id}
      chart={<ProgressPanel weeks={weeks} currentWeek={currentWeek} />}
      table={<WeekByWeek weeks={weeks} currentWeek={currentWeek} />}
    />
  );
}

async function PainScores({ patient, page }: SectionProps & { page: number }) {
  const pain = await recordSections.pain(patient, page);
  return (
    <PainReportList
      rows={pain.rows}
      total={pain.total}
      page={page}
      pageSize={PAIN_PAGE_SIZE}
      pageHref={(n) => `/physio/patients/${patient.id}?painPage=${n}#pain-heading`}
    />
  );
}

async function Completions({ patient, today }: SectionProps & { today: IsoDate }) {
  return <RecentCompletions days={await recordSections.completions(patient, today)} />;
}

async function History({ patient }: SectionProps) {
  return <RoutineHistory versions={await recordSections.history(patient)} />;
}

async function Outcomes({ patient, today }: SectionProps & { today: IsoDate }) {
  return (
    <OutcomeRecordSection
      record={await recordSections.outcomes(patient, today)}
      patientId={patient.id}
      discharged={!!patient.dischargedOn}
      today={today}
    />
  );
}
