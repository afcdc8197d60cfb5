import 'server-only';
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { getDb, type Executor } from '@/db/client';
import { jsonObjectOf } from '@/db/json-columns';
import { rowsOf } from '@/db/metrics';
import {
  outcomeAssignments,
  outcomeDefinitions,
  outcomeResponses,
  outcomeSkips,
  routines,
  type OutcomeSchedule,
} from '@/db/schema';
import type { IsoDate } from '@/lib/dates';
import { changeFromBaseline, findDefinition, SHIPPED } from '@/lib/outcome-measures';
import type { Change } from '@/lib/outcome-measures/change';
import type { Definition } from '@/lib/outcome-measures/definition';
import {
  dueMeasures,
  overdue,
  type DueAssignment,
  type DueMeasure,
} from '@/lib/outcome-measures/due';
import { parseDefinition } from '@/lib/outcome-measures/import';
import { scoreRange } from '@/lib/outcome-measures/scoring';
import type { AssignMeasureInput } from '@/lib/validation/outcome-measures';
import { invalid, notFound, ok, type Actor, type Outcome } from './actor';
import { recordAudit } from './audit';
import { checkPatient, withLockedPatient, type CheckedPatient } from './patient-access';

/**
 * Outcome measures on the patient record: which are assigned, which are due, and the scores so
 * far. Who may see what is the one rule of patient-access.ts (physio: own patients; patient: self;
 * admin: everyone); only a physio assigns.
 */

/** Every definition known: the shipped ones and those the clinic added (all their versions). */
export async function loadDefinitions(db: Executor): Promise<Definition[]> {
  const rows = await db
    .select({ definition: outcomeDefinitions.definition })
    .from(outcomeDefinitions)
    .orderBy(asc(outcomeDefinitions.id), asc(outcomeDefinitions.version));
  const added: Definition[] = [];
  for (const row of rows) {
    // Checked on upload; a row that no longer reads (a later engine change) is left out, not fatal.
    const parsed = parseDefinition(row.definition);
    if (parsed.ok) added.push(parsed.definition);
  }
  return [...SHIPPED, ...added];
}

/** The version a new questionnaire is answered on: the latest of the instrument. */
export function currentDefinition(
  definitions: readonly Definition[],
  instrumentId: string,
): Definition | undefined {
  return definitions
    .filter((d) => d.id === instrumentId)
    .reduce<Definition | undefined>((a, d) => (!a || d.version > a.version ? d : a), undefined);
}

/** What due.ts needs about one patient, read in one go. */
export async function dueInputsFor(db: Executor, patientId: string) {
  const [assignments, responses, skips] = await Promise.all([
    assignmentsOf(db, patientId),
    db
      .select({
        instrumentId: outcomeResponses.instrumentId,
        answeredOn: outcomeResponses.answeredOn,
      })
      .from(outcomeResponses)
      .where(eq(outcomeResponses.patientId, patientId)),
    skipsOf(db, patientId),
  ]);
  return { assignments, responses, skips };
}

const assignmentColumns = {
  id: outcomeAssignments.id,
  instrumentId: outcomeAssignments.instrumentId,
  schedule: outcomeAssignments.schedule,
  startsOn: outcomeAssignments.startsOn,
  active: outcomeAssignments.active,
};

function assignmentsOf(db: Executor, patientId: string) {
  return db
    .select({ ...assignmentColumns, createdAt: outcomeAssignments.createdAt })
    .from(outcomeAssignments)
    .where(eq(outcomeAssignments.patientId, patientId))
    .orderBy(asc(outcomeAssignments.createdAt));
}

const skipColumns = { assignmentId: outcomeSkips.assignmentId, skippedOn: outcomeSkips.skippedOn };

function skipsOf(db: Executor, patientId: string) {
  return db.select(skipColumns).from(outcomeSkips).where(eq(outcomeSkips.patientId, patientId));
}

/** What the record shows of each response. */
const scoreColumns = {
  id: outcomeResponses.id,
  instrumentId: outcomeResponses.instrumentId,
  version: outcomeResponses.definitionVersion,
  answeredOn: outcomeResponses.answeredOn,
  score: outcomeResponses.score,
  subscales: outcomeResponses.subscales,
  bandId: outcomeResponses.bandId,
  activities: outcomeResponses.activities,
};

interface AssignmentRow {
  id: string;
  instrumentId: string;
  schedule: OutcomeSchedule;
  startsOn: IsoDate;
  active: boolean;
}

interface ScoreRow {
  id: string;
  instrumentId: string;
  version: number;
  answeredOn: IsoDate;
  score: number;
  subscales: Record<string, number>;
  bandId: string | null;
  activities: Record<string, string> | null;
}

/** One patient's rows of an outcome table as a JSON list (db/json-columns.ts), in `order`. */
function listOf(
  table: typeof outcomeAssignments | typeof outcomeSkips | typeof outcomeResponses,
  columns: Parameters<typeof jsonObjectOf>[0],
  patientId: string,
  order?: SQL,
) {
  return sql`coalesce((
    select json_agg(${jsonObjectOf(columns)}${order ? sql` order by ${order}` : sql``})
    from ${table} where ${table.patientId} = ${patientId}
  ), '[]'::json)`;
}

export interface ScorePoint {
  id: string;
  answeredOn: IsoDate;
  version: number;
  score: number;
  subscales: Record<string, number>;
  band: { id: string; label: string; meaning?: string } | null;
  activities: Record<string, string> | null;
}

export interface MeasureSummary {
  instrumentId: string;
  name: string;
  copyright: string;
  range: { min: number; max: number };
  /** The change rule of the current version, for the chart's band and the marks. */
  change: Definition['change'] | null;
  assignments: { id: string; schedule: OutcomeSchedule; startsOn: IsoDate }[];
  due: DueMeasure | null;
  scores: ScorePoint[];
  /** Latest against the first response; null with fewer than two. */
  fromBaseline: Change | null;
}

export interface OutcomeRecord {
  measures: MeasureSummary[];
  /** Instruments that can be assigned, for the physio's form. */
  available: { id: string; name: string }[];
}

/**
 * The outcome measures of a patient the actor may see: per instrument, its live assignments, what
 * is due today, every score with the version it was given on, and the change from baseline. Null
 * when the patient is not the actor's to see.
 */
export async function getOutcomeRecord(
  actor: Actor,
  patientId: string,
  today: IsoDate,
): Promise<OutcomeRecord | null> {
  const patient = await checkPatient(await getDb(), actor, patientId);
  return patient ? outcomeRecordOf(patient, today) : null;
}

/** getOutcomeRecord for a patient already checked (who they are, their discharge and start). */
export async function outcomeRecordOf(
  patient: CheckedPatient,
  today: IsoDate,
): Promise<OutcomeRecord> {
  const db = await getDb();
  const [definitions, result] = await Promise.all([
    loadDefinitions(db),
    // The patient's assignments, skips and every score in one statement. The scores are also
    // what due.ts asks of the responses: read once for both.
    db.execute(sql`select
      ${listOf(outcomeAssignments, assignmentColumns, patient.id, sql`${outcomeAssignments.createdAt}`)} as assignments,
      ${listOf(outcomeSkips, skipColumns, patient.id)} as skips,
      ${listOf(outcomeResponses, scoreColumns, patient.id, sql`${outcomeResponses.answeredOn}, ${outcomeResponses.createdAt}`)} as responses`),
  ]);
  const { assignments, skips, responses } = rowsOf<{
    assignments: AssignmentRow[];
    skips: { assignmentId: string; skippedOn: IsoDate }[];
    responses: ScoreRow[];
  }>(result)[0]!;
  const inputs = { assignments, responses, skips };
  const due = dueMeasures({
    day: today,
    ...inputs,
    programmeStart: patient.firstRoutineStart,
    dischargedOn: patient.dischargedOn,
  });

  const instrumentIds = [
    ...new Set([
      ...inputs.assignments.filter((a) => a.active).map((a) => a.instrumentId),
      ...responses.map((r) => r.instrumentId),
    ]),
  ];
  const measures: MeasureSummary[] = [];
  for (const instrumentId of instrumentIds) {
    const current = currentDefinition(definitions, instrumentId);
    if (!current) continue;
    const scores: ScorePoint[] = responses
      .filter((r) => r.instrumentId === instrumentId)
      .map((r) => {
        // Each score is described by the version it was given on, never the current one.
        const definition =
          findDefinition(definitions, { instrumentId, version: r.version }) ?? current;
        const band = definition.scoring.bands.find((b) => b.id === r.bandId);
        return {
          id: r.id,
          answeredOn: r.answeredOn,
          version: r.version,
          score: r.score,
          subscales: r.subscales,
          band: band ? { id: band.id, label: band.label, meaning: band.meaning } : null,
          activities: r.activities,
        };
      });
    const baseline = scores[0];
    const latest = scores.at(-1);
    let fromBaseline: Change | null = null;
    if (baseline && latest && latest !== baseline) {
      const change = changeFromBaseline(
        current,
        { instrument: { id: instrumentId, version: baseline.version }, score: baseline.score },
        { instrument: { id: instrumentId, version: latest.version }, score: latest.score },
      );
      if (change.ok) fromBaseline = change.value;
    }
    measures.push({
      instrumentId,
      name: current.name,
      copyright: current.copyright,
      range: scoreRange(current),
      change: current.change ?? null,
      assignments: inputs.assignments
        .filter((a) => a.active && a.instrumentId === instrumentId)
        .map((a) => ({ id: a.id, schedule: a.schedule, startsOn: a.startsOn })),
      due: due.find((d) => d.instrumentId === instrumentId) ?? null,
      scores,
      fromBaseline,
    });
  }
  const available = [
    ...new Map(definitions.map((d) => [d.id, { id: d.id, name: d.name }])).values(),
  ];
  return { measures, available };
}

/** The first routine's start: when "at the start" and the every-N-weeks schedules begin. */
export async function firstProgrammeStart(
  db: Executor,
  patientId: string,
): Promise<IsoDate | null> {
  const [row] = await db
    .select({ start: routines.startDate })
    .from(routines)
    .where(eq(routines.patientId, patientId))
    .orderBy(asc(routines.startDate))
    .limit(1);
  return row?.start ?? null;
}

/**
 * A physio assigns an instrument to one of their patients on a schedule. Assigning the same
 * instrument and schedule again is a no-op, except "once, now" after the last one was answered,
 * which asks again from today.
 */
export async function assignMeasure(
  actor: Actor,
  input: AssignMeasureInput,
  today: IsoDate,
): Promise<Outcome<{ assignmentId: string; created: boolean }>> {
  if (actor.role !== 'physio') return notFound;
  return withLockedPatient<{ assignmentId: string; created: boolean }>(
    actor,
    input.patientId,
    async (tx, profile) => {
      const definitions = await loadDefinitions(tx);
      if (!currentDefinition(definitions, input.instrumentId)) {
        return invalid('Choose one of the questionnaires listed.', 'instrumentId');
      }
      if (profile.dischargedOn && input.schedule !== 'discharge') {
        return invalid(
          'The patient is discharged, so nothing more can be scheduled. Restore them first.',
          'schedule',
        );
      }
      const sameKind = and(
        eq(outcomeAssignments.patientId, profile.userId),
        eq(outcomeAssignments.instrumentId, input.instrumentId),
        eq(outcomeAssignments.schedule, input.schedule),
        eq(outcomeAssignments.active, true),
      );
      const [existing] = await tx
        .select({ id: outcomeAssignments.id, startsOn: outcomeAssignments.startsOn })
        .from(outcomeAssignments)
        .where(sameKind);
      if (existing) {
        const answered =
          input.schedule === 'once' &&
          (await dueInputsFor(tx, profile.userId)).responses.some(
            (r) => r.instrumentId === input.instrumentId && r.answeredOn >= existing.startsOn,
          );
        if (!answered) return ok({ assignmentId: existing.id, created: false });
        await tx
          .update(outcomeAssignments)
          .set({ active: false })
          .where(eq(outcomeAssignments.id, existing.id));
      }
      const [row] = await tx
        .insert(outcomeAssignments)
        .values({
          patientId: profile.userId,
          instrumentId: input.instrumentId,
          schedule: input.schedule,
          startsOn: today,
          createdBy: actor.id,
        })
        .returning({ id: outcomeAssignments.id });
      await recordAudit(tx, {
        actorId: actor.id,
        action: 'outcome.assigned',
        targetType: 'patient',
        targetId: profile.userId,
        ip: actor.ip,
        details: { instrument: input.instrumentId, schedule: input.schedule },
      });
      return ok({ assignmentId: row!.id, created: true });
    },
  );
}

/** A physio stops a schedule. Its answers stay on the record. */
export async function stopMeasure(actor: Actor, assignmentId: string): Promise<Outcome> {
  if (actor.role !== 'physio') return notFound;
  const db = await getDb();
  const [assignment] = await db
    .select({ patientId: outcomeAssignments.patientId })
    .from(outcomeAssignments)
    .where(eq(outcomeAssignments.id, assignmentId));
  if (!assignment) return notFound;
  return withLockedPatient(actor, assignment.patientId, async (tx) => {
    const [stopped] = await tx
      .update(outcomeAssignments)
      .set({ active: false })
      .where(and(eq(outcomeAssignments.id, assignmentId), eq(outcomeAssignments.active, true)))
      .returning({ id: outcomeAssignments.id, instrumentId: outcomeAssignments.instrumentId });
    if (stopped) {
      await recordAudit(tx, {
        actorId: actor.id,
        action: 'outcome.stopped',
        targetType: 'patient',
        targetId: assignment.patientId,
        ip: actor.ip,
        details: { instrument: stopped.instrumentId },
      });
    }
    return ok(undefined);
  });
}

export interface CaseloadOutcome {
  /** A questionnaire has been due for more than OUTCOME_DUE_FLAG_DAYS days. */
  overdue: boolean;
  startBackGroup: { id: string; label: string } | null;
}

/** What the caseload reads per patient for its outcome columns (`caseloadOutcomeColumns`). */
export interface CaseloadOutcomeInputs {
  /** The live assignments (null: none). */
  outcomeAssignments: DueAssignment[] | null;
  /** The latest response to each instrument answered (null: none). */
  outcomeResponses:
    { instrumentId: string; answeredOn: IsoDate; version: number; bandId: string | null }[] | null;
  /** The first routine's start; null without one. */
  programmeStart: IsoDate | null;
}

/**
 * The outcome inputs of one caseload row, as columns of the caseload's own statement, read for
 * the rows on the page only (`patientId` is the row's patient). The caller scopes the rows to the
 * physio's current patients; these read nothing of anyone else.
 *
 * - Assignments: the live ones, as due.ts takes them.
 * - Responses: only the latest per instrument. An occasion is answered by any response on or
 *   after its day, so the latest decides it; and the STarT Back group is the latest's band.
 * - No skips: a skip only hides today's occasion (`skippedToday`), it does not move `dueSince`,
 *   so it never changes the overdue flag.
 * - No discharge date: the caseload's rows are current patients.
 */
export function caseloadOutcomeColumns(patientId: SQL): SQL {
  return sql`
    (select json_agg(json_build_object(
              'id', a.id, 'instrumentId', a.instrument_id, 'schedule', a.schedule,
              'startsOn', a.starts_on, 'active', a.active))
       from outcome_assignments a
      where a.patient_id = ${patientId} and a.active) as "outcomeAssignments",
    (select json_agg(json_build_object(
              'instrumentId', r.instrument_id, 'answeredOn', r.answered_on,
              'version', r.definition_version, 'bandId', r.band_id))
       from (select distinct on (instrument_id) instrument_id, answered_on, definition_version,
                    band_id
               from outcome_responses
              where patient_id = ${patientId}
              order by instrument_id, answered_on desc, created_at desc) r) as "outcomeResponses",
    (select min(start_date)::text from routines where patient_id = ${patientId})
      as "programmeStart"`;
}

/** One current patient's outcome columns on `today`: an overdue questionnaire, the risk group. */
export function caseloadOutcome(inputs: CaseloadOutcomeInputs, today: IsoDate): CaseloadOutcome {
  const responses = inputs.outcomeResponses ?? [];
  const due = dueMeasures({
    day: today,
    assignments: inputs.outcomeAssignments ?? [],
    responses,
    skips: [],
    programmeStart: inputs.programmeStart,
    dischargedOn: null,
  });
  const latestStartBack = responses.find((r) => r.instrumentId === 'start-back');
  const band = latestStartBack
    ? SHIPPED.find(
        (d) => d.id === 'start-back' && d.version === latestStartBack.version,
      )?.scoring.bands.find((b) => b.id === latestStartBack.bandId)
    : undefined;
  return {
    overdue: due.some((d) => overdue(d, today)),
    startBackGroup: band ? { id: band.id, label: band.label } : null,
  };
}
