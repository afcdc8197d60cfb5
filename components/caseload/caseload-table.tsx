import Link from 'next/link';
import {
  caseloadHref,
  defaultDirection,
  painTrend,
  type CaseloadRow,
  type CaseloadSort,
  type CaseloadView,
} from '@/lib/caseload-view';
import { formatDate } from '@/lib/format';
import { formatPain, formatPercent } from '@/lib/week-format';
import { FlagBadge } from './flag-badge';
import { RISK_GROUP_HELP_ID } from './flag-legend';

const COLUMNS: { sort: CaseloadSort; label: string }[] = [
  { sort: 'name', label: 'Patient' },
  { sort: 'activity', label: 'Last activity' },
  { sort: 'adherence', label: 'Adherence, 14 days' },
  { sort: 'pain', label: 'Mean pain, 7 days' },
  { sort: 'flags', label: 'Flags' },
];

const TREND_TEXT = {
  rising: { symbol: '↑', label: 'rising against the week before' },
  falling: { symbol: '↓', label: 'falling against the week before' },
  steady: { symbol: '→', label: 'steady against the week before' },
} as const;

/** A column's sort link: keeps the search and filter, and starts again from the first page. */
function sortHref(view: CaseloadView, sort: CaseloadSort): string {
  const current = view.dir ?? defaultDirection(view.sort);
  const dir = view.sort === sort ? (current === 'asc' ? 'desc' : 'asc') : defaultDirection(sort);
  return caseloadHref({ q: view.q, flagged: view.flagged, sort, dir });
}

export function CaseloadTable({
  rows,
  view,
  pageCount,
}: {
  rows: CaseloadRow[];
  view: CaseloadView;
  pageCount: number;
}) {
  const dir = view.dir ?? defaultDirection(view.sort);
  return (
    <div className="border-line bg-surface overflow-x-auto rounded-lg border">
      <table className="data-table caseload-table">
        <caption className="sr-only">
          Your current patients, sorted by {COLUMNS.find((c) => c.sort === view.sort)?.label},{' '}
          {dir === 'asc' ? 'ascending' : 'descending'}
          {pageCount > 1 ? `, page ${view.page} of ${pageCount}` : ''}
        </caption>
        <thead className="border-line bg-canvas border-b">
          <tr>
            {COLUMNS.map((column) => (
              <th
                key={column.sort}
                scope="col"
                aria-sort={
                  view.sort === column.sort
                    ? dir === 'asc'
                      ? 'ascending'
                      : 'descending'
                    : undefined
                }
                className="font-semibold whitespace-nowrap"
              >
                <Link href={sortHref(view, column.sort)} className="hover:underline">
                  {column.label}
                  {view.sort === column.sort ? (
                    <span aria-hidden="true"> {dir === 'asc' ? '▲' : '▼'}</span>
                  ) : null}
                </Link>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const trend = painTrend(row);
            return (
              <tr key={row.id}>
                <th scope="row">
                  {/* No prefetch: one server render per visible row, on every view of the caseload,
                      for a record page with no loading state to show sooner. */}
                  <Link href={`/physio/patients/${row.id}`} prefetch={false}>
                    {row.name}
                  </Link>
                  {row.startBackGroup ? (
                    <span
                      className={`risk-group risk-${row.startBackGroup.id} ml-2 rounded px-1.5 py-0.5 text-xs font-semibold`}
                      aria-describedby={RISK_GROUP_HELP_ID}
                    >
                      <span className="sr-only">STarT Back: </span>
                      {row.startBackGroup.label}
                    </span>
                  ) : null}
                  <span className="sub">{row.routineTitle ?? 'No active programme'}</span>
                </th>
                <td>
                  {row.lastActivity ? (
                    formatDate(row.lastActivity)
                  ) : (
                    <span className="text-muted">Never</span>
                  )}
                </td>
                <td>
                  {row.adherence14Pct === null ? (
                    <span className="text-muted">
                      —<span className="sr-only"> nothing prescribed</span>
                    </span>
                  ) : (
                    formatPercent(row.adherence14Pct)
                  )}
                </td>
                <td>
                  {row.meanPain7 === null ? (
                    <span className="text-muted">
                      —<span className="sr-only"> no pain scores</span>
                    </span>
                  ) : (
                    <>
                      {formatPain(row.meanPain7)}
                      {trend ? (
                        <span className="trend" title={TREND_TEXT[trend].label}>
                          <span aria-hidden="true">{TREND_TEXT[trend].symbol}</span>
                          <span className="sr-only">{` ${TREND_TEXT[trend].label}`}</span>
                        </span>
                      ) : null}
                    </>
                  )}
                </td>
                <td>
                  <div className="flags">
                    {row.flags.map((flag) => (
                      <FlagBadge key={flag} flag={flag} />
                    ))}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
