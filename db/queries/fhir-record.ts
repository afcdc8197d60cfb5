import 'server-only';
import type { Resource } from '@medplum/fhirtypes';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { getDb, type Executor, type Transaction } from '@/db/client';
import { cursorBatches } from '@/db/cursor';
import { weeklyTotals, weeklyTotalsQuery } from '@/db/metrics';
import {
  exercises,
  outcomeResponses,
  painReports,
  patientProfiles,
  routineItems,
  routines,
  users,
} from '@/db/schema';
import type { IsoDate } from '@/lib/dates';
import type { PatientRecordRows } from '@/lib/fhir/bundle';
import {
  toOutcomeScoreObservation,
  toQuestionnaireResponse,
  type FhirOutcome,
} from '@/lib/fhir/outcomes';
import {
  toAdherenceObservation,
  toCarePlan,
  toCompletionProcedure,
  toGoal,
  toPainObservation,
  toPatient,
  type FhirCompletionDayRow,
  type FhirExerciseRow,
  type FhirPainReportRow,
  type FhirRoutineRow,
} from '@/lib/fhir/resources';
import type { WeekTotals } from '@/lib/metrics/types';
import { toWeeklyMetrics } from '@/lib/metrics/weekly';
import { findDefinition } from '@/lib/outcome-measures';
import type { Answers } from '@/lib/outcome-measures/answers';
import type { Actor } from './actor';
import { loadDefinitions } from './outcome-measures';
import { visiblePatientId } from './patient-access';
import { completionDays, completionDaysQuery } from './routine-completions';
import { doseColumns } from './routine-reads';

/*
 * Everything Adhere holds about one patient, as rows for lib/fhir (split from fhir.ts): the one
 * loader behind a FHIR read, a search, $everything, "Download my data" and the bulk export.
 */

export const patientColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  dateOfBirth: patientProfiles.dateOfBirth,
  active: users.active,
  physioId: patientProfiles.physioId,
  goal: patientProfiles.goal,
  dischargedOn: patientProfiles.dischargedOn,
};

/** Everything Adhere holds about one patient, as rows for lib/fhir; null if not visible. */
export type FhirPatientRecord = PatientRecordRows;

export async function getFhirPatientRecord(
  actor: Actor,
  patientId: string,
  today: IsoDate,
): Promise<FhirPatientRecord | null> {
  const db = await getDb();
  const owner = await visiblePatientId(db, actor, patientId);
  if (!owner) return null;
  const [patient] = await db
    .select(patientColumns)
    .from(patientProfiles)
    .innerJoin(users, eq(users.id, patientProfiles.userId))
    .where(eq(patientProfiles.userId, owner));
  if (!patient) return null;

  const [
    { routines: routinesOut, exercises: exerciseById },
    painRows,
    completionRows,
    totals,
    outcomes,
  ] = await Promise.all([
    routinesOf(db, owner),
    db
      .select({
        id: painReports.id,
        patientId: painReports.patientId,
        reportedOn: painReports.reportedOn,
        score: painReports.score,
        note: painReports.note,
        updatedAt: painReports.updatedAt,
      })
      .from(painReports)
      .where(eq(painReports.patientId, owner))
      .orderBy(asc(painReports.reportedOn)),
    completionDays(db, owner),
    weeklyTotals(db, { scope: { patientId: owner }, today }),
    outcomesOf(db, owner),
  ]);

  const staffIds = [...new Set([patient.physioId, ...routinesOut.map((r) => r.createdBy)])];
  const practitioners = await db
    .select({ id: users.id, name: users.name, email: users.email, active: users.active })
    .from(users)
    .where(inArray(users.id, staffIds))
    .orderBy(asc(users.name), asc(users.id));

  return {
    patient,
    practitioners,
    routines: routinesOut,
    exercises: [...exerciseById.values()].sort((a, b) => a.name.localeCompare(b.name)),
    painReports: painRows,
    completionDays: completionRows.map(({ position: _position, ...day }) => day),
    weeks: totals.map(toWeeklyMetrics),
    outcomes,
  };
}

/** A patient's answered questionnaires, each with the definition version it was answered on. */
async function outcomesOf(db: Executor, owner: string): Promise<FhirOutcome[]> {
  const rows = await db
    .select({
      id: outcomeResponses.id,
      patientId: outcomeResponses.patientId,
      instrumentId: outcomeResponses.instrumentId,
      version: outcomeResponses.definitionVersion,
      answeredOn: outcomeResponses.answeredOn,
      completedAt: outcomeResponses.createdAt,
      answers: outcomeResponses.answers,
      score: outcomeResponses.score,
      subscales: outcomeResponses.subscales,
      bandId: outcomeResponses.bandId,
    })
    .from(outcomeResponses)
    .where(eq(outcomeResponses.patientId, owner))
    .orderBy(asc(outcomeResponses.answeredOn), asc(outcomeResponses.createdAt));
  // The definitions are read only for a patient who answered something (a bulk export reads
  // thousands of records, most without questionnaires).
  const definitions = rows.length > 0 ? await loadDefinitions(db) : [];
  const outcomes: FhirOutcome[] = [];
  for (const { bandId, answers, ...row } of rows) {
    // Each response is shown on the version it was answered on; a clinic definition that no
    // longer reads (loadDefinitions leaves it out) leaves its responses out rather than
    // describing them with another version's items.
    const definition = findDefinition(definitions, row);
    if (!definition) continue;
    const band = definition.scoring.bands.find((b) => b.id === bandId);
    outcomes.push({
      definition,
      response: {
        ...row,
        // Stored by saveOwnResponse after prepareResponse checked them against this version.
        answers: answers as Answers,
        band: band ? { id: band.id, label: band.label } : null,
      },
    });
  }
  return outcomes;
}

/** A patient's programme versions with their items (oldest first), and the exercises they use. */
async function routinesOf(
  db: Executor,
  owner: string,
): Promise<{ routines: FhirRoutineRow[]; exercises: Map<string, FhirExerciseRow> }> {
  const [routineRows, itemRows] = await Promise.all([
    db
      .select({
        id: routines.id,
        patientId: routines.patientId,
        createdBy: routines.createdBy,
        previousRoutineId: routines.previousRoutineId,
        title: routines.title,
        startDate: routines.startDate,
        endDate: routines.endDate,
        createdAt: routines.createdAt,
      })
      .from(routines)
      .where(eq(routines.patientId, owner))
      .orderBy(asc(routines.startDate), asc(routines.createdAt)),
    db
      .select({
        routineId: routineItems.routineId,
        id: routineItems.id,
        exerciseId: routineItems.exerciseId,
        exerciseName: exercises.name,
        position: routineItems.position,
        ...doseColumns,
        instructions: exercises.instructions,
        archived: exercises.archived,
        mediaUrl: exercises.mediaUrl,
      })
      .from(routineItems)
      .innerJoin(routines, eq(routines.id, routineItems.routineId))
      .innerJoin(exercises, eq(exercises.id, routineItems.exerciseId))
      .where(eq(routines.patientId, owner))
      .orderBy(asc(routineItems.routineId), asc(routineItems.position)),
  ]);
  const exerciseById = new Map<string, FhirExerciseRow>();
  const routinesOut: FhirRoutineRow[] = routineRows.map((routine) => ({ ...routine, items: [] }));
  const routineById = new Map(routinesOut.map((routine) => [routine.id, routine]));
  for (const item of itemRows) {
    const { routineId, instructions, archived, mediaUrl, ...rest } = item;
    routineById.get(routineId)?.items.push(rest);
    exerciseById.set(item.exerciseId, {
      id: item.exerciseId,
      name: item.exerciseName,
      instructions,
      archived,
      mediaUrl,
    });
  }
  return { routines: routinesOut, exercises: exerciseById };
}

/** The types of a patient's own compartment that the bulk export writes with each patient. */
export type StreamedRecordType =
  'Patient' | 'Goal' | 'CarePlan' | 'Observation' | 'Procedure' | 'QuestionnaireResponse';

// Rows per FETCH: small, as a batch is what lives longest on the heap while it is turned into
// NDJSON (200 completion days are ~100 kB of rows).
const STREAM_BATCH = 200;

interface PainRowText extends Omit<FhirPainReportRow, 'updatedAt'> {
  updatedAtMs: number;
}

/**
 * One patient's resources of `types`, in `$everything`'s order, for the bulk export: read in the
 * caller's transaction, the long parts (pain reports, weeks, completion days — they grow with the
 * patient's history) through cursors, so what is held is one batch however long the history. The
 * programme versions are read whole: there are a handful per patient. Practitioners and exercises
 * are not here (the export writes those once for the clinic). Nothing when the patient is not
 * visible to the actor.
 */
export async function* streamFhirPatientResources(
  tx: Transaction,
  actor: Actor,
  patientId: string,
  today: IsoDate,
  types: ReadonlySet<StreamedRecordType>,
): AsyncGenerator<Resource, void, undefined> {
  const owner = await visiblePatientId(tx, actor, patientId);
  if (!owner) return;
  const [patient] = await tx
    .select(patientColumns)
    .from(patientProfiles)
    .innerJoin(users, eq(users.id, patientProfiles.userId))
    .where(eq(patientProfiles.userId, owner));
  if (!patient) return;
  const goal = toGoal(patient);
  if (types.has('Patient')) yield toPatient(patient);
  if (types.has('Goal') && goal) yield goal;
  if (types.has('CarePlan')) {
    const { routines: versions } = await routinesOf(tx, owner);
    for (const routine of versions) yield toCarePlan(routine, today, goal);
  }
  if (types.has('Observation')) {
    const pain = sql`
      select ${painReports.id}::text as "id", ${painReports.patientId}::text as "patientId",
             ${painReports.reportedOn}::text as "reportedOn", ${painReports.score}::int as "score",
             ${painReports.note} as "note",
             floor(extract(epoch from ${painReports.updatedAt}) * 1000)::float8 as "updatedAtMs"
      from ${painReports}
      where ${painReports.patientId} = ${owner}
      order by ${painReports.reportedOn}`;
    for await (const rows of cursorBatches<PainRowText>(tx, pain, {
      name: 'fhir_export_pain',
      batchSize: STREAM_BATCH,
    })) {
      for (const { updatedAtMs, ...row } of rows) {
        yield toPainObservation({ ...row, updatedAt: new Date(updatedAtMs) });
      }
    }
    const weeks = weeklyTotalsQuery({ scope: { patientId: owner }, today });
    for await (const rows of cursorBatches<WeekTotals>(tx, weeks, {
      name: 'fhir_export_weeks',
      batchSize: STREAM_BATCH,
    })) {
      for (const row of rows) yield toAdherenceObservation(toWeeklyMetrics(row), today);
    }
  }
  // A handful of questionnaires per patient: read whole, after the weeks as in $everything.
  const outcomes =
    types.has('Observation') || types.has('QuestionnaireResponse')
      ? await outcomesOf(tx, owner)
      : [];
  if (types.has('Observation')) {
    for (const o of outcomes) yield toOutcomeScoreObservation(o.definition, o.response);
  }
  if (types.has('Procedure')) {
    for await (const rows of cursorBatches<FhirCompletionDayRow>(tx, completionDaysQuery(owner), {
      name: 'fhir_export_completions',
      batchSize: STREAM_BATCH,
    })) {
      for (const row of rows) yield toCompletionProcedure(row);
    }
  }
  if (types.has('QuestionnaireResponse')) {
    for (const o of outcomes) yield toQuestionnaireResponse(o.definition, o.response);
  }
}
