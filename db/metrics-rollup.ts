import { sql, type SQL } from 'drizzle-orm';
import { addDays, weekStart, type IsoDate } from '@/lib/dates';
import type { WeekTotals, WindowTotals } from '@/lib/metrics/types';
import type { Executor } from './client';
import { rowsOf, scopeCondition, type PatientScope, type WeeklyOptions } from './metrics';

/*
 * db/metrics.ts's weekly and window totals, read from the per-patient-day rollup instead of
 * expanding every day of every item and counting completions: same rows, same numbers (the
 * oracle stays db/metrics.ts; tests/integration/metrics-rollup-property.test.ts holds the two
 * equal after any sequence of writes).
 *
 * - Completed sessions and pain come from patient_day_totals (kept by triggers, migration
 *   0007), one row per day with anything counted; today and the discharge bound the days read.
 * - Prescribed sessions need no rollup: for each routine version and item overlapping a span of
 *   days, times_per_day × the number of days in the span that fall on the item's weekdays
 *   (`scheduledDays`), so the cost is per version and item, not per day.
 */

/**
 * How many days from `d0` to `d1` (inclusive) fall on a weekday in `mask` (ISO weekdays as bits,
 * Monday = 1): the whole weeks take every weekday once; the days left over, at most six, start on
 * d0's weekday, so the mask rotated to begin there and cut to that many days counts them.
 * `d0` and `d1` are column references (each is used several times); the caller keeps d0 <= d1.
 */
function scheduledDays(mask: SQL, d0: SQL, d1: SQL): SQL {
  const days = sql`(${d1} - ${d0} + 1)`;
  const bits = sql`(${mask})::int`;
  return sql`((${days} / 7) * bit_count(${bits}::bit(7))
    + bit_count(((((${bits} | (${bits} << 7)) >> (extract(isodow from ${d0})::int - 1))
                  & ((1 << (${days} % 7)) - 1))::bit(7))))::int`;
}

/** See db/metrics.ts `windowTotals`: the same rows, from the rollup. */
export async function rollupWindowTotals(
  db: Executor,
  options: { scope: PatientScope; today: IsoDate },
): Promise<WindowTotals[]> {
  return rowsOf<WindowTotals>(await db.execute(rollupWindowTotalsQuery(options)));
}

/** See db/metrics.ts `windowTotalsQuery`: the same columns, for the caseload to build on. */
export function rollupWindowTotalsQuery(options: { scope: PatientScope; today: IsoDate }): SQL {
  const today = sql`${options.today}::date`;
  return sql`
    with pts as (
      select pp.user_id as patient_id,
             least(${today}, pp.discharged_on) as last_day,
             (select min(start_date) from routines where patient_id = pp.user_id) as first_start
      from patient_profiles pp
      where ${scopeCondition(options.scope)}
    ),
    prescribed as (
      select pts.patient_id,
             sum(ri.times_per_day * ${scheduledDays(sql`ri.days_mask`, sql`span.d0`, sql`span.d1`)})::int
               as prescribed
      from pts
      join routines r
        on r.patient_id = pts.patient_id
       and r.start_date <= pts.last_day
       and (r.end_date is null or r.end_date >= ${today} - 13)
      cross join lateral (
        select greatest(r.start_date, ${today} - 13) as d0, least(r.end_date, pts.last_day) as d1
      ) span
      join routine_items ri on ri.routine_id = r.id
      where span.d0 <= span.d1
      group by pts.patient_id
    ),
    days as (
      select pts.patient_id,
             sum(d.completed_sessions)::int as completed,
             coalesce(sum(d.pain_score) filter (where d.day >= ${today} - 6), 0)::int as sum7,
             count(d.pain_score) filter (where d.day >= ${today} - 6)::int as n7,
             coalesce(sum(d.pain_score) filter (where d.day < ${today} - 6), 0)::int as sum_prev,
             count(d.pain_score) filter (where d.day < ${today} - 6)::int as n_prev
      from pts
      cross join lateral (
        select day, completed_sessions, pain_score from patient_day_totals
        where patient_id = pts.patient_id and day between ${today} - 13 and pts.last_day
        offset 0 -- keeps each patient's days an index range scan, not a scan of every day
      ) d
      group by pts.patient_id
    ),
    baseline as (
      select pts.patient_id, sum(first_reports.pain_score)::int as pain_sum,
             count(*)::int as reports
      from pts
      cross join lateral (
        select pain_score from patient_day_totals
        where patient_id = pts.patient_id and pain_score is not null
          -- \`day + 0\`: the upper bound as a filter, not a second index bound. PostgreSQL guesses
          -- a range between two unknowns as 0.5 % of the patient's days, so it read every day of
          -- the history in a bitmap scan and sorted it (5 years: 400 ms a caseload); with one bound
          -- it walks the index in day order and stops at the seventh report.
          and day >= pts.first_start and day + 0 <= pts.last_day
        order by day
        limit 7
      ) first_reports
      group by pts.patient_id
    ),
    activity as (
      -- Any logged session counts as activity, counted or not: read from the logs themselves.
      select pts.patient_id,
             greatest(
               (select max(performed_on) from completions
                where patient_id = pts.patient_id and performed_on <= pts.last_day),
               (select max(day) from patient_day_totals
                where patient_id = pts.patient_id and day <= pts.last_day
                  and pain_score is not null)
             ) as last_activity
      from pts
    )
    select pts.patient_id as "patientId",
           coalesce(pr.prescribed, 0) as "prescribed14",
           coalesce(d.completed, 0) as "completed14",
           coalesce(d.sum7, 0) as "painSum7",
           coalesce(d.n7, 0) as "painReports7",
           coalesce(d.sum_prev, 0) as "painSumPrevious7",
           coalesce(d.n_prev, 0) as "painReportsPrevious7",
           coalesce(b.pain_sum, 0) as "baselinePainSum",
           coalesce(b.reports, 0) as "baselinePainReports",
           exists (
             select 1 from routines r
             where r.patient_id = pts.patient_id
               and pts.last_day = ${today}
               and r.start_date <= ${today}
               and (r.end_date is null or r.end_date >= ${today})
           ) as "hasActiveRoutine",
           coalesce(act.last_activity >= ${today} - 6, false) as "activeInLast7Days",
           act.last_activity::text as "lastActivity"
    from pts
    left join prescribed pr on pr.patient_id = pts.patient_id
    left join days d on d.patient_id = pts.patient_id
    left join baseline b on b.patient_id = pts.patient_id
    left join activity act on act.patient_id = pts.patient_id
    order by pts.patient_id
  `;
}

/** See db/metrics.ts `weeklyTotals`: the same rows, from the rollup. */
export async function rollupWeeklyTotals(
  db: Executor,
  options: WeeklyOptions,
): Promise<WeekTotals[]> {
  return rowsOf<WeekTotals>(await db.execute(rollupWeeklyTotalsQuery(options)));
}

/** See db/metrics.ts `weeklyTotalsQuery`. */
export function rollupWeeklyTotalsQuery(options: WeeklyOptions): SQL {
  const fromMonday = options.from ? weekStart(options.from) : null;
  const toSunday = options.to ? addDays(weekStart(options.to), 6) : null;
  return sql`
    with pts as (
      select pp.user_id as patient_id,
             r.first_start,
             least(r.first_start, p.first_pain) as origin,
             least(${options.today}::date, pp.discharged_on, ${toSunday}::date) as last_day
      from patient_profiles pp
      left join lateral (
        select min(start_date) as first_start from routines where patient_id = pp.user_id
      ) r on true
      left join lateral (
        select min(reported_on) as first_pain from pain_reports where patient_id = pp.user_id
      ) p on true
      where ${scopeCondition(options.scope)}
    ),
    bounds as (
      select patient_id, first_start, greatest(origin, ${fromMonday}::date) as first_day, last_day
      from pts
      where origin is not null
    ),
    weeks as (
      select b.patient_id, w::date as week_start,
             greatest(w::date, b.first_start, b.first_day) as first_day,
             least(w::date + 6, b.last_day) as last_day
      from bounds b,
           generate_series(date_trunc('week', b.first_day::timestamp),
                           date_trunc('week', b.last_day::timestamp), interval '1 week') w
      where b.first_day <= b.last_day
    ),
    weekly_prescribed as (
      -- Sessions count from the first routine start (greatest(…) is null without one).
      select w.patient_id, w.week_start,
             sum(ri.times_per_day * ${scheduledDays(sql`ri.days_mask`, sql`span.d0`, sql`span.d1`)})::int
               as prescribed
      from weeks w
      join routines r
        on r.patient_id = w.patient_id
       and r.start_date <= w.last_day
       and (r.end_date is null or r.end_date >= w.first_day)
      cross join lateral (
        select greatest(w.first_day, r.start_date) as d0, least(w.last_day, r.end_date) as d1
      ) span
      join routine_items ri on ri.routine_id = r.id
      where span.d0 <= span.d1
      group by w.patient_id, w.week_start
    ),
    weekly_days as (
      select b.patient_id, date_trunc('week', d.day::timestamp)::date as week_start,
             sum(d.completed_sessions)::int as completed,
             coalesce(sum(d.pain_score), 0)::int as pain_sum,
             count(d.pain_score)::int as pain_reports
      from bounds b
      cross join lateral (
        select day, completed_sessions, pain_score from patient_day_totals
        where patient_id = b.patient_id and day between b.first_day and b.last_day
        offset 0 -- as above: an index range scan per patient
      ) d
      group by 1, 2
    )
    select w.patient_id as "patientId",
           w.week_start::text as "weekStart",
           coalesce(s.prescribed, 0) as "prescribedSessions",
           coalesce(d.completed, 0) as "completedSessions",
           coalesce(d.pain_sum, 0) as "painSum",
           coalesce(d.pain_reports, 0) as "painReports"
    from weeks w
    left join weekly_prescribed s on s.patient_id = w.patient_id and s.week_start = w.week_start
    left join weekly_days d on d.patient_id = w.patient_id and d.week_start = w.week_start
    order by w.patient_id, w.week_start
  `;
}
