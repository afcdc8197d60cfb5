import type { ClinicFigures } from '@/db/queries/clinic-figures';
import { formatPain, formatPercent, formatShortDate } from '@/lib/week-format';

function NoValue() {
  return (
    <>
      <span aria-hidden="true">—</span>
      <span className="sr-only">no value</span>
    </>
  );
}

/** The clinic chart's numbers, week by week: the chart's text alternative. */
export function ClinicWeeklyTable({
  weeks,
  currentWeek,
}: {
  weeks: ClinicFigures['weeks'];
  currentWeek: string;
}) {
  const caption = 'Clinic-wide sessions, adherence and mean pain for each week';
  return (
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
            <th scope="col" className="px-3 py-3 text-right font-semibold sm:px-4">
              Patients
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
              <td className="px-3 py-2 text-right tabular-nums sm:px-4">{week.patients}</td>
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
  );
}
