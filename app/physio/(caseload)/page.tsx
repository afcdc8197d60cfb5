import type { Metadata } from 'next';
import Link from 'next/link';
import { notFoundFor, requireRole } from '@/app/(auth)/session';
import { CaseloadControls } from '@/components/caseload/caseload-controls';
import { CaseloadTable } from '@/components/caseload/caseload-table';
import { FlagLegend } from '@/components/caseload/flag-legend';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { getCaseloadPage } from '@/db/queries/caseload';
import { CASELOAD_PAGE_SIZE, caseloadHref, caseloadViewSchema } from '@/lib/caseload-view';
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
  const caseload = await getCaseloadPage(actor, clinicToday(), view);
  if (!caseload) return notFoundFor(actor);
  const {
    currentCount,
    discharged,
    attentionCount: attention,
    matchingCount,
    page,
    pageCount,
    rows,
  } = caseload;
  const firstShown = (page - 1) * CASELOAD_PAGE_SIZE + 1;

  return (
    <>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <PageHeader
          title="Your patients"
          description={`${currentCount} patient${currentCount === 1 ? '' : 's'} on your caseload.`}
        />
        <Link
          href="/physio/patients/new"
          className="bg-brand hover:bg-brand-strong inline-flex min-h-11 items-center rounded px-4 py-2 font-semibold text-white"
        >
          Add patient
        </Link>
      </div>

      {currentCount === 0 && discharged.length === 0 ? (
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
          {rows.length === 0 ? (
            <p className="border-line bg-surface rounded-lg border p-4">
              No patient matches this search.{' '}
              <Link href="/physio" className="text-brand-strong underline">
                Show everyone
              </Link>
            </p>
          ) : (
            <>
              {view.page > page ? (
                <p className="bg-warning-soft mb-4 rounded px-3 py-2">
                  There is no page {view.page}: this is page {page}, the last.
                </p>
              ) : null}
              <p className="text-muted mb-2 text-sm">
                {matchingCount > rows.length
                  ? `Showing ${firstShown}–${firstShown + rows.length - 1} of ${matchingCount} patients.`
                  : `Showing ${matchingCount} patient${matchingCount === 1 ? '' : 's'}.`}
              </p>
              <CaseloadTable rows={rows} view={{ ...view, page }} pageCount={pageCount} />
              <Pagination
                page={page}
                pageCount={pageCount}
                href={(n) => caseloadHref({ ...view, page: n })}
                label="Caseload pages"
              />
            </>
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
                {/* Not prefetched, as the table's rows (components/caseload/caseload-table.tsx). */}
                <Link
                  href={`/physio/patients/${row.id}`}
                  prefetch={false}
                  className="text-brand-strong font-medium underline"
                >
                  {row.name}
                </Link>
                <span className="text-muted text-sm">
                  Discharged {formatDate(row.dischargedOn)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
