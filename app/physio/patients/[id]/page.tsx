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
import type { Actor } from '@/db/queries/actor';
import { getOutcomeRecord } from '@/db/queries/outcome-measures';
import { getPatientRecord, listPainReports, listRecentCompletions } from '@/db/queries/patients';
import { getPatientProgress } from '@/db/queries/progress';
import { remindersOnForPatient } from '@/db/queries/reminders';
import { getRoutineForEditing, listRoutineHistory } from '@/db/queries/routines';
import { clinicToday } from '@/lib/clinic-today';
import { addDays, weekStart, type IsoDate } from '@/lib/dates';
import { shownWeeks } from '@/lib/metrics/progress';

export const metadata: Metadata = { title: 'Patient' };

const PAIN_PAGE_SIZE = 10;

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
  const [patient, editing, reminders] = await Promise.all([
    getPatientRecord(actor, id),
    getRoutineForEditing(actor, id, today),
    remindersOnForPatient(actor, id),
  ]);
  if (!patient || !editing) return notFoundFor(actor, id);
  const routine = editing.routine;

  return (
    <>
      <BackLink href="/physio">Back to caseload</BackLink>
      <PageHeader
        title={patient.name}
        description={
          patient.dischargedOn ? 'Discharged — records are kept.' : patient.condition || undefined
        }
      />

      {reminders.ok ? (
        // Whether the patient chose reminders; their time, days and channels are theirs alone.
        <p className="text-muted -mt-2 mb-4 text-sm">Reminders: {reminders.value ? 'on' : 'off'}</p>
      ) : null}

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
        <ProgressSections actor={actor} patientId={patient.id} today={today} />
      </Suspense>

      <Section id="outcomes-heading" title="Outcome measures">
        <Suspense fallback={<SectionSkeleton label="outcome measures" />}>
          <Outcomes
            actor={actor}
            patientId={patient.id}
            discharged={!!patient.dischargedOn}
            today={today}
          />
        </Suspense>
      </Section>

      <div className="grid gap-8 lg:grid-cols-2">
        <Section id="pain-heading" title="Pain scores and notes">
          <Suspense fallback={<SectionSkeleton label="pain scores" />}>
            <PainScores actor={actor} patientId={patient.id} page={painPage} />
          </Suspense>
        </Section>
        <Section id="completions-heading" title="Exercises done, last 14 days">
          <Suspense fallback={<SectionSkeleton label="exercises done" />}>
            <Completions actor={actor} patientId={patient.id} today={today} />
          </Suspense>
        </Section>
      </div>

      <Section id="history-heading" title="Routine history">
        <Suspense fallback={<SectionSkeleton label="routine history" />}>
          <History actor={actor} patientId={patient.id} />
        </Suspense>
      </Section>
    </>
  );
}

interface SectionProps {
  actor: Actor;
  patientId: string;
}

/*
 * Each part below reads through the data layer with its own access check. The top of the page
 * checked too, but a part may render after the patient was reassigned, and then shows nothing.
 */
const GONE = <p className="text-muted">This part of the record is no longer available to you.</p>;

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

async function ProgressSections({ actor, patientId, today }: SectionProps & { today: IsoDate }) {
  const progress = await getPatientProgress(actor, patientId, today);
  if (!progress) return <ProgressFrame patientId={patientId} chart={GONE} table={GONE} />;
  // The panel draws the chart in the browser; its "Table" view is rendered only when chosen,
  // so the weekly table is rendered once, here, from the same array the panel is sent.
  const weeks = shownWeeks(progress.weeks);
  const currentWeek = weekStart(today);
  return (
    <ProgressFrame
      patientId={patientId}
      chart={<ProgressPanel weeks={weeks} currentWeek={currentWeek} />}
      table={<WeekByWeek weeks={weeks} currentWeek={currentWeek} />}
    />
  );
}

async function PainScores({ actor, patientId, page }: SectionProps & { page: number }) {
  const pain = await listPainReports(actor, patientId, { page, pageSize: PAIN_PAGE_SIZE });
  if (!pain) return GONE;
  return (
    <PainReportList
      rows={pain.rows}
      total={pain.total}
      page={page}
      pageSize={PAIN_PAGE_SIZE}
      pageHref={(n) => `/physio/patients/${patientId}?painPage=${n}#pain-heading`}
    />
  );
}

async function Completions({ actor, patientId, today }: SectionProps & { today: IsoDate }) {
  const days = await listRecentCompletions(actor, patientId, {
    from: addDays(today, -13),
    to: today,
  });
  return days ? <RecentCompletions days={days} /> : GONE;
}

async function History({ actor, patientId }: SectionProps) {
  const versions = await listRoutineHistory(actor, patientId);
  return versions ? <RoutineHistory versions={versions} /> : GONE;
}

async function Outcomes({
  actor,
  patientId,
  discharged,
  today,
}: SectionProps & { discharged: boolean; today: IsoDate }) {
  const record = await getOutcomeRecord(actor, patientId, today);
  if (!record) return GONE;
  return (
    <OutcomeRecordSection
      record={record}
      patientId={patientId}
      discharged={discharged}
      today={today}
    />
  );
}
