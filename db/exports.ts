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

/**
 * Every completed questionnaire of the clinic (the outcomes CSV), in the weekly CSV's order: by
 * physio, patient, then day answered. Subscales are flattened here so the row is plain text.
 */
export function outcomesExportQuery(): SQL {
  return sql`
    select r.patient_id as "patientId", u.name as "patientName", u.email as "patientEmail",
           ph.name as "physioName", r.instrument_id as "instrumentId",
           r.definition_version as "version", r.answered_on::text as "answeredOn",
           r.score as "score", r.band_id as "bandId",
           (select string_agg(s.key || '=' || s.value, '; ' order by s.key)
              from jsonb_each_text(r.subscales) s) as "subscales"
    from outcome_responses r
    join users u on u.id = r.patient_id
    join patient_profiles pp on pp.user_id = u.id
    join users ph on ph.id = pp.physio_id
    order by ph.name, u.name, u.id, r.answered_on, r.created_at, r.id
  `;
}
