import type { Metadata } from 'next';
import Link from 'next/link';
import { requireRole } from '@/app/(auth)/session';
import { CaseloadControls } from '@/components/caseload/caseload-controls';
import { CaseloadTable } from '@/components/caseload/caseload-table';
import { FlagLegend } from '@/components/caseload/flag-legend';
import { PageHeader } from '@/components/ui/page-header';
import { getCaseload } from '@/db/queries/caseload';
import { applyCaseloadView, caseloadViewSchema, needsAttention } from '@/lib/caseload-view';
import { clinicToday } from '@/lib/clinic-today';
import { formatDate } from '@/lib/format';

export const metadata: Metadata = { title: 'Caseload' };

export default async function PhysioHome({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireRole('physio');
  const view = caseloadViewSchema.parse(await searchParams);
  const rows = await getCaseload(actor, clinicToday());
  const current = rows.filter((r) => !r.dischargedOn);
  const discharged = rows.filter((r) => r.dischargedOn);
  const attention = current.filter(needsAttention).length;
  const shown = applyCaseloadView(current, view);

  return (
    <>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <PageHeader
          title="Your patients"
          description={`${current.length} patient${current.length === 1 ? '' : 's'} on your caseload.`}
        />
        <Link
          href="/physio/patients/new"
          className="bg-brand hover:bg-brand-strong inline-flex min-h-11 items-center rounded px-4 py-2 font-semibold text-white"
        >
          Add patient
        </Link>
      </div>

      {rows.length === 0 ? (
        <div className="border-line bg-surface rounded-lg border p-6">
          <h2 className="text-lg font-semibold">No patients yet</h2>
          <p className="mt-1">
            Start by adding your first patient: you get a set-password link to hand to them, then
            build their exercise routine from the library.
          </p>
          <Link
            href="/physio/patients/new"
            className="text-brand-strong mt-3 inline-block font-semibold underline"
          >
            Add your first patient
          </Link>
        </div>
      ) : (
        <>
          <p
            role="status"
            className={`mb-4 rounded px-3 py-2 ${attention ? 'bg-warning-soft' : 'bg-brand-soft'}`}
          >
            {attention === 0
              ? 'No patient needs attention right now.'
              : `${attention} patient${attention === 1 ? ' needs' : 's need'} attention (pain rising, low adherence or inactive).`}
          </p>
          <CaseloadControls view={view} />
          {shown.length === 0 ? (
            <p className="border-line bg-surface rounded-lg border p-4">
              No patient matches this search.{' '}
              <Link href="/physio" className="text-brand-strong underline">
                Show everyone
              </Link>
            </p>
          ) : (
            <CaseloadTable rows={shown} view={view} />
          )}
          <FlagLegend />
        </>
      )}

      {discharged.length > 0 ? (
        <section aria-labelledby="discharged-title" className="mt-10">
          <h2 id="discharged-title" className="mb-2 text-lg font-semibold">
            Discharged patients
          </h2>
          <ul className="border-line bg-surface divide-line divide-y rounded-lg border">
            {discharged.map((row) => (
              <li key={row.id} className="flex flex-wrap justify-between gap-2 px-4 py-3">
                <Link
                  href={`/physio/patients/${row.id}`}
                  className="text-brand-strong font-medium underline"
                >
                  {row.name}
                </Link>
                <span className="text-muted text-sm">
                  Discharged {formatDate(row.dischargedOn!)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
