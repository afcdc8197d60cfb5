import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { FLAG_SQL, rowsOf } from '@/db/metrics';
import { rollupWindowTotalsQuery } from '@/db/metrics-rollup';
import {
  CASELOAD_PAGE_SIZE,
  defaultDirection,
  type CaseloadPage,
  type CaseloadSort,
  type CaseloadView,
  type DischargedPatient,
} from '@/lib/caseload-view';
import type { IsoDate } from '@/lib/dates';
import { summarise } from '@/lib/metrics/flags';
import type { WindowTotals } from '@/lib/metrics/types';
import type { Actor } from './actor';
import {
  caseloadOutcome,
  caseloadOutcomeColumns,
  type CaseloadOutcomeInputs,
} from './outcome-measures';

/** How many of a row's attention flags (pain rising, low adherence, inactive) are raised. */
const ATTENTION_COUNT = sql`(coalesce(${FLAG_SQL.pain_rising}, false)::int
  + coalesce(${FLAG_SQL.low_adherence}, false)::int
  + coalesce(${FLAG_SQL.inactive}, false)::int)`;

/*
 * Each sort's key, on the figures the table shows: adherence and pain rounded as lib/metrics
 * rounds them (numeric round() also takes halves away from zero), so two patients shown with the
 * same figure are ordered by name, as the eye expects.
 */
const SORT_KEY: Record<CaseloadSort, SQL> = {
  name: sql`lower(c.name)`,
  activity: sql`c."lastActivity"`,
  adherence: sql`round((100 * c."completed14")::numeric / nullif(c."prescribed14", 0), 1)`,
  pain: sql`round(c."painSum7"::numeric / nullif(c."painReports7", 0), 1)`,
  flags: sql`c.attention`,
};

interface PageRow extends WindowTotals, CaseloadOutcomeInputs {
  currentCount: number;
  attentionCount: number;
  matchingCount: number;
  page: number;
  /** On the first row only: the discharged patients, A–Z (null: none). */
  discharged: DischargedPatient[] | null;
  /** Null on the one row that carries the counts when no patient matches. */
  id: string | null;
  name: string;
  routineTitle: string | null;
}

/**
 * One page of the signed-in physio's current caseload (other physios' patients never appear) in
 * the view's order, with the counts the page shows: patients on the caseload, how many need
 * attention (over the whole caseload, not the page) and how many match the search and filter;
 * and the physio's discharged patients, listed under the table. Search, the "flagged only"
 * filter, the sort and the paging are done by the database in one statement, so the server
 * renders 50 rows whatever the caseload's size; what only the table shows (the routine in force,
 * the outcome-measure columns) is read for those 50 rows alone, after the paging. A page past the
 * last one gives the last page (`page` says which was shown).
 */
export async function getCaseloadPage(
  actor: Actor,
  today: IsoDate,
  view: CaseloadView,
): Promise<CaseloadPage | null> {
  if (actor.role !== 'physio') return null;
  const db = await getDb();
  const direction = sql.raw((view.dir ?? defaultDirection(view.sort)) === 'asc' ? 'asc' : 'desc');
  const search = view.q.toLowerCase();
  const result = await db.execute(sql`
    with t as (
      ${rollupWindowTotalsQuery({ scope: { physioId: actor.id, currentOnly: true }, today })}
    ),
    c as (
      select u.id, u.name, ${ATTENTION_COUNT} as attention,
             t."prescribed14", t."completed14", t."painSum7", t."painReports7",
             t."painSumPrevious7", t."painReportsPrevious7", t."baselinePainSum",
             t."baselinePainReports", t."hasActiveRoutine", t."activeInLast7Days",
             t."lastActivity"
      from t
      join users u on u.id = t."patientId"
    ),
    matching as (
      select c.*,
             row_number() over (
               order by ${SORT_KEY[view.sort]} ${direction} nulls last, lower(c.name), c.id
             ) as position
      from c
      where (${search} = '' or strpos(lower(c.name), ${search}) > 0)
        and (not ${view.flagged} or c.attention > 0)
    ),
    counts as (
      select (select count(*) from c)::int as "currentCount",
             (select count(*) from c where c.attention > 0)::int as "attentionCount",
             (select count(*) from matching)::int as "matchingCount"
    ),
    shown as (
      select counts.*,
             greatest(1, least(${view.page}::int,
                               ceil(counts."matchingCount" / ${CASELOAD_PAGE_SIZE}::numeric)::int))
               as page
      from counts
    )
    select shown.*, m.*, rt.title as "routineTitle",
           -- Outcome-measure reminders are not attention flags: they take no part in the filter or
           -- the flags sort, so they are read after the paging.
           ${caseloadOutcomeColumns(sql`m.id`)},
           -- The discharged list, once (on the first row), not repeated on each of the page's rows.
           case when row_number() over (order by m.position) = 1 then (
             select json_agg(json_build_object(
                      'id', du.id, 'name', du.name, 'dischargedOn', dp.discharged_on)
                    order by du.name, du.id)
             from patient_profiles dp
             join users du on du.id = dp.user_id
             where dp.physio_id = ${actor.id} and dp.discharged_on is not null
           ) end as discharged
    from shown
    left join matching m
      on m.position > (shown.page - 1) * ${CASELOAD_PAGE_SIZE}
     and m.position <= shown.page * ${CASELOAD_PAGE_SIZE}
    left join lateral (
      -- The version in force today (the latest, should two touch on a change-over day).
      select r.title from routines r
      where r.patient_id = m.id and r.start_date <= ${today}::date
        and (r.end_date is null or r.end_date >= ${today}::date)
      order by r.start_date desc
      limit 1
    ) rt on true
    order by m.position
  `);
  const found = rowsOf<PageRow>(result);
  const first = found[0];
  if (!first) throw new Error('the caseload query returned no counts row');
  return {
    currentCount: first.currentCount,
    attentionCount: first.attentionCount,
    matchingCount: first.matchingCount,
    page: first.page,
    pageCount: Math.max(1, Math.ceil(first.matchingCount / CASELOAD_PAGE_SIZE)),
    discharged: first.discharged ?? [],
    rows: found
      .filter((row) => row.id !== null)
      .map((row) => {
        const summary = summarise({ ...row, patientId: row.id! });
        const outcome = caseloadOutcome(row, today);
        return {
          id: row.id!,
          name: row.name,
          routineTitle: row.routineTitle,
          lastActivity: summary.lastActivity,
          adherence14Pct: summary.adherence14Pct,
          meanPain7: summary.meanPain7,
          meanPainPrevious7: summary.meanPainPrevious7,
          flags: outcome.overdue ? [...summary.flags, 'outcome_due' as const] : summary.flags,
          startBackGroup: outcome.startBackGroup,
        };
      }),
  };
}
