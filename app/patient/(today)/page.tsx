import type { Metadata } from 'next';
import { requireRole } from '@/app/(auth)/session';
import { Questionnaire } from '@/components/outcomes/questionnaire';
import { DayLogForm } from '@/components/today/day-log-form';
import { DayPicker } from '@/components/today/day-picker';
import { ProgrammeNotice } from '@/components/today/programme-notice';
import { PageHeader } from '@/components/ui/page-header';
import { getOwnDayLog } from '@/db/queries/day-log';
import { getOwnDueQuestionnaires } from '@/db/queries/outcome-responses';
import { clinicToday } from '@/lib/clinic-today';
import { programmeEndedBefore } from '@/lib/day-log';
import { formatDate } from '@/lib/format';
import { loggableDates } from '@/lib/validation/day-log';

export const metadata: Metadata = { title: 'Today' };

export default async function PatientToday({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireRole('patient');
  const today = clinicToday();
  const dates = loggableDates(today);
  const { date: asked } = await searchParams;
  // A day outside the last week (or in the future) falls back to today, with a word about why.
  const outOfRange = typeof asked === 'string' && !dates.includes(asked);
  const date = typeof asked === 'string' && dates.includes(asked) ? asked : today;
  const [log, due] = await Promise.all([
    getOwnDayLog(actor, date),
    getOwnDueQuestionnaires(actor, today),
  ]);
  // One questionnaire at a time, the one waiting longest first; the next shows once it is sent.
  const questionnaire = due[0];

  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader
        title={date === today ? 'Today' : formatDate(date)}
        description={formatDate(date)}
      />
      {questionnaire ? (
        <Questionnaire
          key={questionnaire.definition.id}
          definition={questionnaire.definition}
          baselineActivities={questionnaire.baselineActivities}
          storageScope={actor.id}
        />
      ) : null}
      <DayPicker dates={dates} selected={date} />
      {outOfRange ? (
        <p role="status" className="bg-warning-soft mb-4 rounded px-3 py-2">
          You can log for today and the 7 days before it, so here is today.
        </p>
      ) : null}
      {!log ? (
        <p className="border-line bg-surface rounded-lg border p-5">
          Your account has no programme record. Please contact the clinic.
        </p>
      ) : (
        <>
          <ProgrammeNotice log={log} />
          {programmeEndedBefore(date, log.dischargedOn) ? null : (
            <DayLogForm key={date} log={log} isToday={date === today} patientId={actor.id} />
          )}
        </>
      )}
    </div>
  );
}
