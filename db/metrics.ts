import { sql, type SQL } from 'drizzle-orm';
import { addDays, weekStart, type IsoDate } from '@/lib/dates';
import type { WeekTotals, WindowTotals } from '@/lib/metrics/types';
import type { Executor } from './client';

/*
 * The spec's metric definitions ("The metrics"), as SQL aggregations. Every chart, table, flag and
 * export gets its numbers from these two queries — or, for the caseload and the record's weekly
 * table, from db/metrics-rollup.ts, which reads the same figures from a per-day rollup and is held
 * equal to these by a property test; lib/metrics turns the integer totals into the
 * rounded figures and flags. Nothing here checks who is asking: db/queries/* call these after
 * deciding which patients the signed-in user may see, and pass that decision in as the scope.
 *
 * For a patient, a day counts when it is on or after the first routine start and on or before
 * today (and the discharge date, if discharged). On such a day each item of each routine version
 * active that day (start_date <= day <= end_date) and scheduled on that ISO weekday is prescribed
 * `times_per_day` sessions, and completed min(sessions logged that day, times_per_day).
 */

/** Whose figures: one patient, one physio's patients (only those not discharged, if asked), all. */
export type PatientScope =
  { patientId: string } | { physioId: string; currentOnly?: boolean } | { clinic: true };

export function scopeCondition(scope: PatientScope): SQL {
  if ('patientId' in scope) return sql`pp.user_id = ${scope.patientId}`;
  if ('physioId' in scope) {
    return scope.currentOnly
      ? sql`pp.physio_id = ${scope.physioId} and pp.discharged_on is null`
      : sql`pp.physio_id = ${scope.physioId}`;
  }
  return sql`true`;
}

/** postgres.js returns rows as an array, PGlite as `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}

/**
 * The sessions prescribed and completed per patient and day (`sessions`), for every day from
 * `first_day` to `last_day` of each patient's row in `day_bounds`.
 */
const prescribedSessions = sql`
  days as (
    select b.patient_id, d::date as day
    from day_bounds b,
         generate_series(b.first_day::timestamp, b.last_day::timestamp, interval '1 day') d
  ),
  prescribed as (
    select days.patient_id, days.day, ri.id as item_id, ri.times_per_day
    from days
    join routines r
      on r.patient_id = days.patient_id
     and r.start_date <= days.day
     and (r.end_date is null or r.end_date >= days.day)
    join routine_items ri
      on ri.routine_id = r.id
     and (ri.days_mask & (1 << (extract(isodow from days.day)::int - 1))) <> 0
  ),
  done as (
    -- Lateral, so each patient's days are an index range scan on (patient_id, performed_on).
    select c.routine_item_id, c.performed_on, count(*)::int as n
    from day_bounds b
    cross join lateral (
      select routine_item_id, performed_on from completions
      where patient_id = b.patient_id and performed_on between b.first_day and b.last_day
      offset 0 -- keeps the planner from flattening this into a scan of every completion
    ) c
    group by c.routine_item_id, c.performed_on
  ),
  sessions as (
    select p.patient_id, p.day, p.times_per_day,
           least(coalesce(d.n, 0), p.times_per_day) as completed
    from prescribed p
    left join done d on d.routine_item_id = p.item_id and d.performed_on = p.day
  )`;

/**
 * Weekly totals for every patient in scope: one row per ISO week from the week of the patient's
 * first routine start or first pain report (whichever is earlier) to the week of today (or of
 * discharge), clipped to the whole weeks holding `from` and `to`. Weeks without data are rows of
 * zeros, so the chart shows them as gaps rather than leaving them out.
 */
export interface WeeklyOptions {
  scope: PatientScope;
  today: IsoDate;
  from?: IsoDate;
  to?: IsoDate;
}

export async function weeklyTotals(db: Executor, options: WeeklyOptions): Promise<WeekTotals[]> {
  return rowsOf<WeekTotals>(await db.execute(weeklyTotalsQuery(options)));
}

/** The weekly totals as one SQL query, for callers that stream it through a cursor. */
export function weeklyTotalsQuery(options: WeeklyOptions): SQL {
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
    day_bounds as (
      select patient_id, greatest(first_start, first_day) as first_day, last_day
      from bounds
      where first_start is not null
    ),
    weeks as (
      select b.patient_id, w::date as week_start
      from bounds b,
           generate_series(date_trunc('week', b.first_day::timestamp),
                           date_trunc('week', b.last_day::timestamp), interval '1 week') w
      where b.first_day <= b.last_day
    ),
    ${prescribedSessions},
    weekly_sessions as (
      select patient_id, date_trunc('week', day::timestamp)::date as week_start,
             sum(times_per_day)::int as prescribed, sum(completed)::int as completed
      from sessions
      group by 1, 2
    ),
    weekly_pain as (
      select b.patient_id, date_trunc('week', pr.reported_on::timestamp)::date as week_start,
             sum(pr.score)::int as pain_sum, count(*)::int as pain_reports
      from bounds b
      cross join lateral (
        select reported_on, score from pain_reports
        where patient_id = b.patient_id and reported_on between b.first_day and b.last_day
      ) pr
      group by 1, 2
    )
    select w.patient_id as "patientId",
           w.week_start::text as "weekStart",
           coalesce(s.prescribed, 0) as "prescribedSessions",
           coalesce(s.completed, 0) as "completedSessions",
           coalesce(p.pain_sum, 0) as "painSum",
           coalesce(p.pain_reports, 0) as "painReports"
    from weeks w
    left join weekly_sessions s on s.patient_id = w.patient_id and s.week_start = w.week_start
    left join weekly_pain p on p.patient_id = w.patient_id and p.week_start = w.week_start
    order by w.patient_id, w.week_start
  `;
}

/**
 * Rolling-window totals for every patient in scope, as of `today`: sessions over the last 14 days,
 * pain over the last 7 days and the 7 before, the baseline (the first 7 days with a pain report on
 * or after the first routine start), whether a routine is active today, and the last activity.
 */
export async function windowTotals(
  db: Executor,
  options: { scope: PatientScope; today: IsoDate },
): Promise<WindowTotals[]> {
  return rowsOf<WindowTotals>(await db.execute(windowTotalsQuery(options)));
}

/** The rolling-window totals as one SQL query, for callers that build on it (the caseload page). */
export function windowTotalsQuery(options: { scope: PatientScope; today: IsoDate }): SQL {
  const today = options.today;
  return sql`
    with pts as (
      select pp.user_id as patient_id,
             least(${today}::date, pp.discharged_on) as last_day,
             (select min(start_date) from routines where patient_id = pp.user_id) as first_start
      from patient_profiles pp
      where ${scopeCondition(options.scope)}
    ),
    day_bounds as (
      select patient_id, greatest(first_start, ${today}::date - 13) as first_day, last_day
      from pts
      where first_start is not null
    ),
    ${prescribedSessions},
    adherence as (
      select patient_id, sum(times_per_day)::int as prescribed, sum(completed)::int as completed
      from sessions
      group by patient_id
    ),
    pain as (
      select pts.patient_id,
             coalesce(sum(pr.score) filter (where pr.reported_on >= ${today}::date - 6), 0)::int as sum7,
             count(*) filter (where pr.reported_on >= ${today}::date - 6)::int as n7,
             coalesce(sum(pr.score) filter (where pr.reported_on < ${today}::date - 6), 0)::int as sum_prev,
             count(*) filter (where pr.reported_on < ${today}::date - 6)::int as n_prev
      from pts
      cross join lateral (
        select reported_on, score from pain_reports
        where patient_id = pts.patient_id and reported_on between ${today}::date - 13 and pts.last_day
      ) pr
      group by pts.patient_id
    ),
    baseline as (
      select pts.patient_id, sum(first_reports.score)::int as pain_sum, count(*)::int as reports
      from pts
      cross join lateral (
        select score from pain_reports
        where patient_id = pts.patient_id
          and reported_on >= pts.first_start and reported_on <= pts.last_day
        order by reported_on
        limit 7
      ) first_reports
      group by pts.patient_id
    ),
    activity as (
      -- Index-only lookups of each patient's latest completion and pain report.
      select pts.patient_id,
             greatest(
               (select max(performed_on) from completions
                where patient_id = pts.patient_id and performed_on <= pts.last_day),
               (select max(reported_on) from pain_reports
                where patient_id = pts.patient_id and reported_on <= pts.last_day)
             ) as last_activity
      from pts
    )
    select pts.patient_id as "patientId",
           coalesce(a.prescribed, 0) as "prescribed14",
           coalesce(a.completed, 0) as "completed14",
           coalesce(p.sum7, 0) as "painSum7",
           coalesce(p.n7, 0) as "painReports7",
           coalesce(p.sum_prev, 0) as "painSumPrevious7",
           coalesce(p.n_prev, 0) as "painReportsPrevious7",
           coalesce(b.pain_sum, 0) as "baselinePainSum",
           coalesce(b.reports, 0) as "baselinePainReports",
           exists (
             select 1 from routines r
             where r.patient_id = pts.patient_id
               and pts.last_day = ${today}::date
               and r.start_date <= ${today}::date
               and (r.end_date is null or r.end_date >= ${today}::date)
           ) as "hasActiveRoutine",
           coalesce(act.last_activity >= ${today}::date - 6, false) as "activeInLast7Days",
           act.last_activity::text as "lastActivity"
    from pts
    left join adherence a on a.patient_id = pts.patient_id
    left join pain p on p.patient_id = pts.patient_id
    left join baseline b on b.patient_id = pts.patient_id
    left join activity act on act.patient_id = pts.patient_id
    order by pts.patient_id
  `;
}

/**
 * The caseload flags as SQL over a row of `windowTotalsQuery` (aliased `t`), so the caseload can
 * filter, sort and count by them in the database. They are lib/metrics/flags.ts's rules written a
 * second time, on the same integer totals with the same cross-multiplied comparisons; that module
 * stays the definition (it labels what is shown), and tests/integration/caseload-paging.test.ts
 * checks that the two agree on every generated patient.
 */
export const FLAG_SQL = {
  pain_rising: sql`(t."painReports7" > 0 and t."painReportsPrevious7" > 0
    and t."painSum7" * t."painReportsPrevious7" - t."painSumPrevious7" * t."painReports7"
        >= 2 * t."painReports7" * t."painReportsPrevious7")`,
  low_adherence: sql`(t."prescribed14" > 0 and 2 * t."completed14" < t."prescribed14")`,
  inactive: sql`(t."hasActiveRoutine" and not t."activeInLast7Days")`,
} as const;

/** Sessions over a window of days, summed over the patients of one physio (see below). */
export interface PhysioSessionTotals {
  physioId: string;
  prescribed: number;
  completed: number;
}

/**
 * Sessions prescribed and completed over the `days` days ending `today`, summed over every patient
 * in scope and grouped by the physio each patient is assigned to now. The days and sessions are
 * those of the definitions above (first routine start to today or discharge), so a patient
 * discharged during the window counts up to their discharge. Physios with no prescribed session
 * in the window have no row.
 */
export async function sessionTotalsByPhysio(
  db: Executor,
  options: { scope: PatientScope; today: IsoDate; days: number },
): Promise<PhysioSessionTotals[]> {
  if (!Number.isInteger(options.days) || options.days < 1) {
    throw new RangeError('days must be a positive whole number');
  }
  const today = options.today;
  const result = await db.execute(sql`
    with pts as (
      select pp.user_id as patient_id, pp.physio_id,
             least(${today}::date, pp.discharged_on) as last_day,
             (select min(start_date) from routines where patient_id = pp.user_id) as first_start
      from patient_profiles pp
      where ${scopeCondition(options.scope)}
    ),
    day_bounds as (
      select patient_id,
             greatest(first_start, ${today}::date - ${options.days - 1}::int) as first_day,
             last_day
      from pts
      where first_start is not null
    ),
    ${prescribedSessions}
    select pts.physio_id as "physioId",
           sum(s.times_per_day)::int as "prescribed",
           sum(s.completed)::int as "completed"
    from sessions s
    join pts on pts.patient_id = s.patient_id
    group by pts.physio_id
    order by pts.physio_id
  `);
  return rowsOf<PhysioSessionTotals>(result);
}

/** One ISO week's totals summed over many patients, and how many of them the week holds. */
export interface SummedWeekTotals extends Omit<WeekTotals, 'patientId'> {
  /** Patients with a row that week (their programme or pain history covers it). */
  patients: number;
}

/**
 * `weeklyTotals` summed per week over every patient in scope (the clinic, or one caseload): the
 * same per-patient weeks, added up by the database. Turn a row into rounded figures with
 * lib/metrics (adherencePct over the summed sessions, meanPain over the summed scores).
 */
export async function summedWeeklyTotals(
  db: Executor,
  options: WeeklyOptions,
): Promise<SummedWeekTotals[]> {
  const result = await db.execute(sql`
    select t."weekStart",
           sum(t."prescribedSessions")::int as "prescribedSessions",
           sum(t."completedSessions")::int as "completedSessions",
           sum(t."painSum")::int as "painSum",
           sum(t."painReports")::int as "painReports",
           count(*)::int as "patients"
    from (${weeklyTotalsQuery(options)}) t
    group by t."weekStart"
    order by t."weekStart"
  `);
  return rowsOf<SummedWeekTotals>(result);
}
