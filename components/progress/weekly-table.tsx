import { NoValue, WeeksTable } from '@/components/ui/weeks-table';
import type { IsoDate } from '@/lib/dates';
import type { ShownWeek } from '@/lib/metrics/progress';

export const NO_WEEKS_MESSAGE = 'No programme yet: the chart starts when the first routine begins.';

/**
 * The weekly numbers behind the progress chart, first week first: the chart's accessible
 * alternative and the record a clinician reads. A plain server-renderable table.
 */
export function WeeklyTable({
  weeks,
  caption = 'Sessions done, adherence and mean pain for each week of the programme.',
  currentWeek,
}: {
  weeks: ShownWeek[];
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
      <WeeksTable
        weeks={weeks}
        caption={caption}
        currentWeek={currentWeek}
        column={{ header: 'Programme week', cell: (week) => week.programmeWeek ?? <NoValue /> }}
      />
    </div>
  );
}
