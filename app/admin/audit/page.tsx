import type { Metadata } from 'next';
import Link from 'next/link';
import { requireRole } from '@/app/(auth)/session';
import { AuditFiltersForm } from '@/components/admin/audit-filters-form';
import { AuditLogTable } from '@/components/admin/audit-log-table';
import { Pagination } from '@/components/ui/pagination';
import { PageHeader } from '@/components/ui/page-header';
import { listAuditEvents } from '@/db/queries/audit-log';
import {
  AUDIT_PAGE_SIZE,
  auditDateInput,
  auditFiltersSchema,
  auditPageHref,
} from '@/lib/audit-filters';

export const metadata: Metadata = { title: 'Audit log' };

export default async function AuditLogPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireRole('admin');
  const params = await searchParams;
  const filters = auditFiltersSchema.parse(params);
  // A date that cannot be used is left out of the filter and explained under its field.
  const dates = auditDateInput(params);
  const log = await listAuditEvents(actor, filters, { pageSize: AUDIT_PAGE_SIZE });
  const { rows, total, page, pageCount } = log ?? { rows: [], total: 0, page: 1, pageCount: 1 };
  const { page: _page, ...kept } = filters;
  const first = (page - 1) * AUDIT_PAGE_SIZE + 1;
  const last = first + rows.length - 1;

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who did what, and when: sign-ins, denied access, account changes, patient assignments, discharges and exports. Entries cannot be changed or deleted, and hold no clinical content."
      />
      <AuditFiltersForm filters={filters} dates={dates} />
      {filters.from && filters.to && filters.from > filters.to ? (
        <p className="border-warning bg-warning-soft mb-3 rounded border px-3 py-2">
          The “From” date is after the “To” date, so no entry can match.
        </p>
      ) : null}
      <p role="status" className="text-muted mb-2 text-sm">
        {total === 0
          ? 'No entries match.'
          : rows.length === 0
            ? `${total} entries; this page is past the last one.`
            : `Entries ${first}–${last} of ${total}, newest first.`}
      </p>
      {rows.length > 0 ? (
        <AuditLogTable rows={rows} caption={`Audit log, page ${page} of ${pageCount}`} />
      ) : total > 0 ? (
        <Link href={auditPageHref(kept, 1)} className="text-brand-strong underline">
          Go to the first page
        </Link>
      ) : null}
      <Pagination
        page={page}
        pageCount={pageCount}
        href={(n) => auditPageHref(kept, n)}
        label="Audit log pages"
      />
    </>
  );
}
