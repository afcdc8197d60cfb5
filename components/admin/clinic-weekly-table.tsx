import { WeeksTable } from '@/components/ui/weeks-table';
import type { ClinicFigures } from '@/db/queries/clinic-figures';

/** The clinic chart's numbers, week by week: the chart's text alternative. */
export function ClinicWeeklyTable({
  weeks,
  currentWeek,
}: {
  weeks: ClinicFigures['weeks'];
  currentWeek: string;
}) {
  return (
    <WeeksTable
      weeks={weeks}
      caption="Clinic-wide sessions, adherence and mean pain for each week"
      currentWeek={currentWeek}
      column={{ header: 'Patients', numeric: true, cell: (week) => week.patients }}
    />
  );
}
