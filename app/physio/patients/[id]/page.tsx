import type { Metadata } from 'next';
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
import { Section } from '@/components/ui/section';
import { clinicToday } from '@/lib/clinic-today';
import { weekStart } from '@/lib/dates';
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

  // The patient is checked once, by the top's read; the sections read with that check, all at
  // once (./record-reads.ts). The page is sent whole: streaming each section behind its own
  // <Suspense> cost the server more CPU per request (out-of-order chunks, their swap scripts and
  // the boundaries' fallbacks, ~8 % measured side by side) than it saved in waiting, for reads
  // that answer within a few milliseconds of each other.
  const top = await readRecordTop(actor, id, today);
  if (!top) return notFoundFor(actor, id);
  const { record: patient, patient: checked, routine } = top;
  const [progress, outcomes, pain, completions, history] = await Promise.all([
    recordSections.progress(checked, today),
    recordSections.outcomes(checked, today),
    recordSections.pain(checked, painPage),
    recordSections.completions(checked, today),
    recordSections.history(checked),
  ]);
  // The panel draws the chart in the browser; its "Table" view is rendered only when chosen,
  // so the weekly table is rendered once, here, from the same array the panel is sent.
  const weeks = shownWeeks(progress);
  const currentWeek = weekStart(today);

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

      <Section id="progress-heading" title="Progress">
        <p className="text-muted mb-3 text-sm">
          Bars: adherence, the share of prescribed sessions done each week (left scale). Line: mean
          of the week’s daily pain scores, 0–10 (right scale). Gaps are weeks with no value.
        </p>
        <ProgressPanel weeks={weeks} currentWeek={currentWeek} />
      </Section>
      <Section id="weeks-heading" title="Week by week">
        <p className="mb-3">
          <DownloadReportLink patientId={patient.id} />
        </p>
        <WeekByWeek weeks={weeks} currentWeek={currentWeek} />
      </Section>

      <Section id="outcomes-heading" title="Outcome measures">
        <OutcomeRecordSection
          record={outcomes}
          patientId={patient.id}
          discharged={!!patient.dischargedOn}
          today={today}
        />
      </Section>

      <div className="grid gap-8 lg:grid-cols-2">
        <Section id="pain-heading" title="Pain scores and notes">
          <PainReportList
            rows={pain.rows}
            total={pain.total}
            page={painPage}
            pageSize={PAIN_PAGE_SIZE}
            pageHref={(n) => `/physio/patients/${patient.id}?painPage=${n}#pain-heading`}
          />
        </Section>
        <Section id="completions-heading" title="Exercises done, last 14 days">
          <RecentCompletions days={completions} />
        </Section>
      </div>

      <Section id="history-heading" title="Routine history">
        <RoutineHistory versions={history} />
      </Section>
    </>
  );
}
