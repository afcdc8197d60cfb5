import 'server-only';
import { asc, eq, inArray } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { weeklyTotals } from '@/db/metrics';
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
import type { FhirOutcome } from '@/lib/fhir/outcomes';
import type { FhirExerciseRow, FhirRoutineRow } from '@/lib/fhir/resources';
import { toWeeklyMetrics } from '@/lib/metrics/weekly';
import { findDefinition } from '@/lib/outcome-measures';
import type { Answers } from '@/lib/outcome-measures/answers';
import type { Actor } from './actor';
import { loadDefinitions } from './outcome-measures';
import { visiblePatientId } from './patient-access';
import { completionDays } from './routine-completions';
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

  const [routineRows, itemRows, painRows, completionRows, totals, outcomeRows] = await Promise.all([
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
    db
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
      .orderBy(asc(outcomeResponses.answeredOn), asc(outcomeResponses.createdAt)),
  ]);

  // The definitions are read only for a patient who answered something (a bulk export reads
  // thousands of records, most without questionnaires).
  const definitions = outcomeRows.length > 0 ? await loadDefinitions(db) : [];
  const outcomes: FhirOutcome[] = [];
  for (const { bandId, answers, ...row } of outcomeRows) {
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

  const staffIds = [...new Set([patient.physioId, ...routineRows.map((r) => r.createdBy)])];
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
