import { sql, type SQL } from 'drizzle-orm';
import { completions, painReports, routineItems, routines } from './schema';

// SQL fragments shared by the reminder queries (db/queries/reminders.ts) and the scheduler
// (db/reminder-scheduler.ts), so the settings page and the sends agree on "the programme's days".

/** The weekdays (bits) that the programme in force on `day` has exercises on; 0 without one. */
export function programmeDaysMaskOn(patientId: SQL | string, day: SQL | string): SQL<number> {
  // Table-qualified by hand: inside a subquery drizzle names columns without their table.
  return sql<number>`coalesce((
    select bit_or(ri.days_mask)::int
    from ${routines} r
    join ${routineItems} ri on ri.routine_id = r.id
    where r.patient_id = ${patientId}
      and r.start_date <= ${day}::date
      and (r.end_date is null or r.end_date >= ${day}::date)
  ), 0)`;
}

/** Whether the patient logged anything for `day`: an exercise done or a pain score. */
export function loggedOn(patientId: SQL | string, day: SQL | string): SQL<boolean> {
  return sql<boolean>`(
    exists (select 1 from ${completions} c where c.patient_id = ${patientId} and c.performed_on = ${day}::date)
    or exists (select 1 from ${painReports} p where p.patient_id = ${patientId} and p.reported_on = ${day}::date)
  )`;
}
