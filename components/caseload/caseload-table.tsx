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
import { CaseloadRows, type CaseloadRowCells } from './caseload-rows';
import { RISK_GROUP_HELP_ID } from './flag-legend';

const COLUMNS: { sort: CaseloadSort; label: string }[] = [
  { sort: 'name', label: 'Patient' },
  { sort: 'activity', label: 'Last activity' },
  { sort: 'adherence', label: 'Adherence, 14 days' },
  { sort: 'pain', label: 'Mean pain, 7 days' },
  { sort: 'flags', label: 'Flags' },
];

/** A row's cells, written out here so that the rows' client bundle needs no formatting code. */
function rowCells(row: CaseloadRow): CaseloadRowCells {
  return {
    id: row.id,
    name: row.name,
    routine: row.routineTitle ?? 'No active programme',
    risk: row.startBackGroup ?? null,
    lastActivity: row.lastActivity ? formatDate(row.lastActivity) : null,
    adherence: row.adherence14Pct === null ? null : formatPercent(row.adherence14Pct),
    pain: row.meanPain7 === null ? null : formatPain(row.meanPain7),
    trend: painTrend(row),
    flags: row.flags,
  };
}

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
        <CaseloadRows rows={rows.map(rowCells)} riskGroupHelpId={RISK_GROUP_HELP_ID} />
      </table>
    </div>
  );
}
