import 'server-only';
import { asc, count, eq, inArray } from 'drizzle-orm';
import { getDb, type Executor } from '@/db/client';
import { weeklyTotals } from '@/db/metrics';
import {
  completions,
  exercises,
  painReports,
  patientProfiles,
  routineItems,
  routines,
  users,
} from '@/db/schema';
import type { IsoDate } from '@/lib/dates';
import type { PatientRecordRows } from '@/lib/fhir/bundle';
import type { FhirExerciseRow, FhirRoutineRow } from '@/lib/fhir/resources';
import { toWeeklyMetrics } from '@/lib/metrics/weekly';
import type { Actor } from './actor';
import { visiblePatient } from './patient-access';
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

/** Who a record belongs to, if the actor may see that patient; null otherwise. */
async function visibleOwner(
  db: Executor,
  actor: Actor,
  patientId: string | undefined,
): Promise<string | null> {
  if (!patientId) return null;
  const [row] = await db
    .select({ id: patientProfiles.userId })
    .from(patientProfiles)
    .where(visiblePatient(actor, patientId));
  return row?.id ?? null;
}

/** Everything Adhere holds about one patient, as rows for lib/fhir; null if not visible. */
export type FhirPatientRecord = PatientRecordRows;

export async function getFhirPatientRecord(
  actor: Actor,
  patientId: string,
  today: IsoDate,
): Promise<FhirPatientRecord | null> {
  const db = await getDb();
  const owner = await visibleOwner(db, actor, patientId);
  if (!owner) return null;
  const [patient] = await db
    .select(patientColumns)
    .from(patientProfiles)
    .innerJoin(users, eq(users.id, patientProfiles.userId))
    .where(eq(patientProfiles.userId, owner));
  if (!patient) return null;

  const [routineRows, itemRows, painRows, completionRows, totals] = await Promise.all([
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
    db
      .select({
        patientId: completions.patientId,
        routineId: routineItems.routineId,
        routineItemId: completions.routineItemId,
        exerciseId: routineItems.exerciseId,
        exerciseName: exercises.name,
        performedOn: completions.performedOn,
        sessions: count(),
        timesPerDay: routineItems.timesPerDay,
      })
      .from(completions)
      .innerJoin(routineItems, eq(routineItems.id, completions.routineItemId))
      .innerJoin(exercises, eq(exercises.id, routineItems.exerciseId))
      .where(eq(completions.patientId, owner))
      .groupBy(
        completions.patientId,
        routineItems.routineId,
        completions.routineItemId,
        routineItems.exerciseId,
        exercises.name,
        completions.performedOn,
        routineItems.timesPerDay,
      )
      .orderBy(asc(completions.performedOn), asc(completions.routineItemId)),
    weeklyTotals(db, { scope: { patientId: owner }, today }),
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
    completionDays: completionRows,
    weeks: totals.map(toWeeklyMetrics),
  };
}
