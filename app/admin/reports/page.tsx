import type { Metadata } from 'next';
import { requireRole } from '@/app/(auth)/session';
import { WeeklyCsvForm } from '@/components/admin/weekly-csv-form';
import { filterButtonClass } from '@/components/ui/form-field';
import { PageHeader } from '@/components/ui/page-header';
import { listPhysios } from '@/db/queries/accounts';
import { clinicToday } from '@/lib/clinic-today';
import { OUTCOMES_CSV_HEADER } from '@/lib/reports/outcomes-csv';
import { WEEKLY_CSV_HEADER } from '@/lib/validation/report-filters';

export const metadata: Metadata = { title: 'Reports' };

export default async function ReportsPage() {
  const actor = await requireRole('admin');
  const physios = (await listPhysios(actor)) ?? [];

  return (
    <>
      <PageHeader
        title="Reports"
        description="Exports for commissioners, insurers and referrers. Every export is recorded in the audit log."
      />
      <section
        aria-labelledby="weekly-csv"
        className="border-line bg-surface mb-6 rounded-lg border p-5"
      >
        <h2 id="weekly-csv" className="text-lg font-semibold">
          Weekly CSV
        </h2>
        <p className="mt-1 mb-4">
          One row per patient per week (Monday to Sunday): sessions prescribed and done, adherence,
          mean pain and the number of pain scores. Leave the dates empty for each patient’s whole
          programme; a date takes in the whole week around it.
        </p>
        <WeeklyCsvForm physios={physios} today={clinicToday()} />
        <details className="mt-4 text-sm">
          <summary className="cursor-pointer font-medium">Columns in the file</summary>
          <p className="mt-2 font-mono break-all">{WEEKLY_CSV_HEADER.join(',')}</p>
        </details>
      </section>
      <section
        aria-labelledby="outcomes-csv"
        className="border-line bg-surface mb-6 rounded-lg border p-5"
      >
        <h2 id="outcomes-csv" className="text-lg font-semibold">
          Outcomes CSV
        </h2>
        <p className="mt-1 mb-4">
          One row per completed questionnaire, for every patient: the instrument and its version,
          the day it was answered, the score, its subscales and the group (STarT Back’s risk group).
        </p>
        <a
          href="/api/reports/outcomes.csv"
          download
          className={`${filterButtonClass} inline-flex items-center`}
        >
          Download outcomes CSV
        </a>
        <details className="mt-4 text-sm">
          <summary className="cursor-pointer font-medium">Columns in the file</summary>
          <p className="mt-2 font-mono break-all">{OUTCOMES_CSV_HEADER.join(',')}</p>
        </details>
      </section>
    </>
  );
}
