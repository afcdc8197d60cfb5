import type { IsoDate } from '@/lib/dates';
import type { ProgressWeek } from '@/lib/metrics/progress';
import { formatPain, formatPercent, formatShortDate } from '@/lib/week-format';

export const NO_WEEKS_MESSAGE = 'No programme yet: the chart starts when the first routine begins.';

function NoValue() {
  return (
    <>
      <span aria-hidden="true">—</span>
      <span className="sr-only">no value</span>
    </>
  );
}

/**
 * The weekly numbers behind the progress chart, first week first: the chart's accessible
 * alternative and the record a clinician reads. A plain server-renderable table.
 */
export function WeeklyTable({
  weeks,
  caption = 'Sessions done, adherence and mean pain for each week of the programme.',
  currentWeek,
}: {
  weeks: ProgressWeek[];
  caption?: string;
  /** The Monday of today's week, marked "this week" (its numbers count up to today). */
  currentWeek?: IsoDate;
}) {
  if (weeks.length === 0) {
    return <p className="border-line bg-surface rounded-lg border p-5">{NO_WEEKS_MESSAGE}</p>;
  }
  return (
    <div className="space-y-2">
      <p className="text-muted text-sm">
        Weeks run Monday to Sunday; the current week counts up to today.
      </p>
      {/* Focusable and named so that keyboard users can scroll it on a narrow screen. */}
      <div
        role="region"
        aria-label={caption}
        tabIndex={0}
        className="border-line bg-surface overflow-x-auto rounded-lg border"
      >
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead className="border-line bg-canvas border-b">
            <tr>
              <th scope="col" className="px-3 py-3 font-semibold sm:px-4">
                Week of
              </th>
              <th scope="col" className="px-3 py-3 font-semibold sm:px-4">
                Programme week
              </th>
              <th scope="col" className="px-3 py-3 font-semibold sm:px-4">
                Sessions <span className="font-normal">(done / prescribed)</span>
              </th>
              <th scope="col" className="px-3 py-3 text-right font-semibold sm:px-4">
                Adherence
              </th>
              <th scope="col" className="px-3 py-3 text-right font-semibold sm:px-4">
                Mean pain <span className="font-normal">(0–10)</span>
              </th>
              <th scope="col" className="px-3 py-3 text-right font-semibold sm:px-4">
                Pain scores
              </th>
            </tr>
          </thead>
          <tbody>
            {weeks.map((week) => (
              <tr key={week.weekStart} className="border-line border-b last:border-0">
                <th scope="row" className="px-3 py-2 font-medium whitespace-nowrap sm:px-4">
                  {formatShortDate(week.weekStart)}
                  {week.weekStart === currentWeek ? (
                    <span className="text-muted block text-xs font-normal">this week</span>
                  ) : null}
                </th>
                <td className="px-3 py-2 sm:px-4">{week.programmeWeek ?? <NoValue />}</td>
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
          </tbody>
        </table>
      </div>
    </div>
  );
}
