import type { Metadata } from 'next';
import { requireRole } from '@/app/(auth)/session';
import { getOwnPlanForDay } from '@/db/queries/today';
import { PageHeader } from '@/components/ui/page-header';
import { clinicToday } from '@/lib/clinic-today';
import { formatDate, formatDose } from '@/lib/format';

export const metadata: Metadata = { title: 'Today' };

export default async function PatientToday() {
  const actor = await requireRole('patient');
  const today = clinicToday();
  const plan = await getOwnPlanForDay(actor, today);

  return (
    <>
      <PageHeader title="Today" description={formatDate(today)} />
      {!plan?.routine ? (
        <p className="border-line bg-surface rounded-lg border p-5">
          You have no exercise programme at the moment.
          {plan
            ? ` Your physiotherapist is ${plan.physioName}; ask them to set one up for you.`
            : ''}
        </p>
      ) : plan.items.length === 0 ? (
        <p className="border-line bg-surface rounded-lg border p-5">
          Nothing is scheduled for today in “{plan.routine.title}”. Enjoy the rest day.
        </p>
      ) : (
        <section aria-labelledby="programme-title">
          <h2 id="programme-title" className="mb-3 text-lg font-semibold">
            {plan.routine.title}
          </h2>
          <ol className="space-y-3">
            {plan.items.map((item) => (
              <li key={item.id} className="border-line bg-surface rounded-lg border p-4">
                <h3 className="font-semibold">{item.exerciseName}</h3>
                <p className="text-muted">
                  {formatDose(item)}
                  {item.timesPerDay > 1 ? ` · ${item.timesPerDay} times a day` : ''}
                </p>
                {item.note ? <p className="mt-2">{item.note}</p> : null}
                <details className="mt-2">
                  <summary className="text-brand-strong min-h-11 cursor-pointer py-2 font-medium">
                    How to do it
                  </summary>
                  <p className="whitespace-pre-line">{item.instructions}</p>
                </details>
              </li>
            ))}
          </ol>
        </section>
      )}
    </>
  );
}
