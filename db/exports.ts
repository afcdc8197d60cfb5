import { sql, type SQL } from 'drizzle-orm';
import type { IsoDate } from '@/lib/dates';
import { weeklyTotalsQuery, type PatientScope } from './metrics';

/** The weekly CSV's rows: the weekly totals with each patient's and physio's names, in order. */
export function weeklyExportQuery(options: {
  scope: PatientScope;
  today: IsoDate;
  from?: IsoDate;
  to?: IsoDate;
}): SQL {
  return sql`
    select t.*, u.name as "patientName", u.email as "patientEmail", ph.name as "physioName"
    from (${weeklyTotalsQuery(options)}) t
    join users u on u.id = t."patientId"
    join patient_profiles pp on pp.user_id = u.id
    join users ph on ph.id = pp.physio_id
    order by ph.name, u.name, u.id, t."weekStart"
  `;
}
