import type { ReactNode } from 'react';
import type { ShownWeek } from '@/lib/metrics/progress';
import { DataTable } from './data-table';
import { formatPain, formatPercent, formatShortDate } from '@/lib/week-format';

/** An empty cell, said as "no value" to a screen reader. */
export function NoValue() {
  return (
    <>
      <span aria-hidden="true">—</span>
      <span className="sr-only">no value</span>
    </>
  );
}

const NUMERIC_HEADER = 'px-3 py-3 text-right font-semibold sm:px-4';

/**
 * Week-by-week numbers (sessions done of prescribed, adherence, mean pain, pain scores), first
 * week first, with one column of the caller's after the week: a chart's text alternative. The
 * region is focusable and named so that keyboard users can scroll it on a narrow screen.
 *
 * A year is 52 rows of six cells, rendered into the HTML and again into the page's
 * server-component payload: the body cells are styled by `.weeks-table` in app/globals.css
 * rather than carrying their classes each, which kept the patient record's payload a third larger.
 */
export function WeeksTable<Week extends ShownWeek>({
  weeks,
  caption,
  currentWeek,
  column,
}: {
  weeks: Week[];
  caption: string;
  /** The Monday of today's week, marked "this week" (its numbers count up to today). */
  currentWeek?: string;
  column: { header: string; numeric?: boolean; cell: (week: Week) => ReactNode };
}) {
  const columns = [
    { header: 'Week of' },
    { header: column.header, className: column.numeric ? NUMERIC_HEADER : undefined },
    {
      header: (
        <>
          Sessions <span className="font-normal">(done / prescribed)</span>
        </>
      ),
    },
    { header: 'Adherence', className: NUMERIC_HEADER },
    {
      header: (
        <>
          Mean pain <span className="font-normal">(0–10)</span>
        </>
      ),
      className: NUMERIC_HEADER,
    },
    { header: 'Pain scores', className: NUMERIC_HEADER },
  ];
  return (
    <DataTable
      caption={caption}
      label={caption}
      columns={columns}
      headerClassName="px-3 py-3 font-semibold sm:px-4"
      tableClassName={`weeks-table${column.numeric ? ' numeric-second' : ''}`}
    >
      {weeks.map((week) => (
        <tr key={week.weekStart}>
          <th scope="row">
            {formatShortDate(week.weekStart)}
            {week.weekStart === currentWeek ? (
              <span className="text-muted block text-xs font-normal">this week</span>
            ) : null}
          </th>
          <td>{column.cell(week)}</td>
          <td>
            {week.completedSessions} / {week.prescribedSessions}
          </td>
          <td>{week.adherencePct === null ? <NoValue /> : formatPercent(week.adherencePct)}</td>
          <td>{week.meanPain === null ? <NoValue /> : formatPain(week.meanPain)}</td>
          <td>{week.painReports}</td>
        </tr>
      ))}
    </DataTable>
  );
}
