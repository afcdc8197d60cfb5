import Link from 'next/link';
import type { PainReportRow } from '@/db/queries/patients';
import { formatDate } from '@/lib/format';

/** The patient's pain scores with their notes, newest first, a page at a time. */
export function PainReportList({
  rows,
  total,
  page,
  pageSize,
  pageHref,
}: {
  rows: PainReportRow[];
  total: number;
  page: number;
  pageSize: number;
  pageHref: (page: number) => string;
}) {
  if (total === 0) return <p className="text-muted">No pain scores recorded yet.</p>;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <>
      <ul className="border-line bg-surface divide-line divide-y rounded-lg border">
        {rows.map((row) => (
          <li key={row.reportedOn} className="flex gap-4 px-4 py-3">
            <span className="w-28 shrink-0 text-sm">{formatDate(row.reportedOn)}</span>
            <span className="w-16 shrink-0 font-semibold">
              {row.score}
              <span className="text-muted font-normal">/10</span>
            </span>
            <span className="min-w-0 break-words">
              {row.note || <span className="text-muted">No note</span>}
            </span>
          </li>
        ))}
      </ul>
      {pages > 1 ? (
        <nav aria-label="Pain score pages" className="mt-2 flex items-center gap-3 text-sm">
          {page > 1 ? (
            <Link
              href={pageHref(page - 1)}
              className="text-brand-strong min-h-11 py-3 font-medium underline"
            >
              Newer
            </Link>
          ) : null}
          <span>
            Page {page} of {pages}
          </span>
          {page < pages ? (
            <Link
              href={pageHref(page + 1)}
              className="text-brand-strong min-h-11 py-3 font-medium underline"
            >
              Older
            </Link>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}
