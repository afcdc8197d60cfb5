import type { Metadata } from 'next';
import { requireRole } from '@/app/(auth)/session';
import { DayLogForm } from '@/components/today/day-log-form';
import { DayPicker } from '@/components/today/day-picker';
import { PageHeader } from '@/components/ui/page-header';
import { getOwnDayLog } from '@/db/queries/day-log';
import { clinicToday } from '@/lib/clinic-today';
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
  const log = await getOwnDayLog(actor, date);

  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader
        title={date === today ? 'Today' : formatDate(date)}
        description={formatDate(date)}
      />
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
          {!log.routine ? (
            <p className="border-line bg-surface mb-6 rounded-lg border p-5">
              {log.dischargedOn
                ? `Your programme ended on ${formatDate(log.dischargedOn)}.`
                : 'You have no exercise programme for this day.'}{' '}
              Your physiotherapist is {log.physioName}; ask them if you think you should have one.
              You can still record your back pain below.
            </p>
          ) : log.items.length === 0 ? (
            <p className="border-line bg-surface mb-6 rounded-lg border p-5">
              Nothing is scheduled on this day in “{log.routine.title}”. Enjoy the rest day — you
              can still record your back pain below.
            </p>
          ) : null}
          <DayLogForm key={date} log={log} isToday={date === today} />
        </>
      )}
    </div>
  );
}
