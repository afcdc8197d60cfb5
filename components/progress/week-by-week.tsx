'use client';

import type { IsoDate } from '@/lib/dates';
import type { ShownWeek } from '@/lib/metrics/progress';
import { WeeklyTable } from './weekly-table';

/**
 * The weekly table where the progress panel (a client component) is on the same page: rendered
 * from the weeks the panel is already sent (the payload carries that array once, by reference),
 * not as a year of server-rendered rows serialised into the payload beside it. The table's code
 * is in the panel's bundle already, for its "Table" view.
 */
export function WeekByWeek(props: { weeks: ShownWeek[]; currentWeek?: IsoDate; caption?: string }) {
  return <WeeklyTable {...props} />;
}
