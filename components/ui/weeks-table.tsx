import type { ReactNode } from 'react';
import type { ProgressWeek } from '@/lib/metrics/progress';
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
 */
export function WeeksTable<Week extends ProgressWeek>({
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
  // Whole class lists (not pieces joined), so that Tailwind finds them and Prettier keeps them.
  const cellClass = column.numeric
    ? 'px-3 py-2 text-right tabular-nums sm:px-4'
    : 'px-3 py-2 sm:px-4';
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
    >
      {weeks.map((week) => (
        <tr key={week.weekStart} className="border-line border-b last:border-0">
          <th scope="row" className="px-3 py-2 font-medium whitespace-nowrap sm:px-4">
            {formatShortDate(week.weekStart)}
            {week.weekStart === currentWeek ? (
              <span className="text-muted block text-xs font-normal">this week</span>
            ) : null}
          </th>
          <td className={cellClass}>{column.cell(week)}</td>
          <td className="px-3 py-2 whitespace-nowrap tabular-nums sm:px-4">
            {week.completedSessions} / {week.prescribedSessions}
          </td>
          <td className="px-3 py-2 text-right tabular-nums sm:px-4">
            {week.adherencePct === null ? <NoValue /> : formatPercent(week.adherencePct)}
          </td>
          <td className="px-3 py-2 text-right tabular-nums sm:px-4">
            {week.meanPain === null ? <NoValue /> : formatPain(week.meanPain)}
          </td>
          <td className="px-3 py-2 text-right tabular-nums sm:px-4">{week.painReports}</td>
        </tr>
      ))}
    </DataTable>
  );
}
