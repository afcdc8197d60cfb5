import 'server-only';
import { and, asc, count, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
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
import type {
  FhirCompletionDayRow,
  FhirExerciseRow,
  FhirPainReportRow,
  FhirPatientRow,
  FhirPractitionerRow,
  FhirRoutineRow,
} from '@/lib/fhir/resources';
import { toWeeklyMetrics } from '@/lib/metrics/weekly';
import type { WeeklyMetrics } from '@/lib/metrics/types';
import type { Actor } from './actor';
import { recordAudit } from './audit';
import { visiblePatient, visiblePatients } from './patient-access';

/*
 * The rows behind the FHIR R4 API (app/fhir/R4), with the app's one rule of who sees whom
 * (patient-access.ts): a patient themselves, a physio their own caseload, an admin everyone.
 * Whatever the actor may not see is null or left out, never an error.
 */

const patientColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  dateOfBirth: patientProfiles.dateOfBirth,
  active: users.active,
  physioId: patientProfiles.physioId,
  goal: patientProfiles.goal,
  dischargedOn: patientProfiles.dischargedOn,
};

/** The patients the actor may see, by name, a page at a time; `ids` narrows them (`_id`). */
export async function listFhirPatients(
  actor: Actor,
  options: { ids?: string[]; count: number; offset: number },
): Promise<{ rows: FhirPatientRow[]; total: number }> {
  const db = await getDb();
  const where = and(
    visiblePatients(actor),
    options.ids ? inArray(patientProfiles.userId, options.ids) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select(patientColumns)
      .from(patientProfiles)
      .innerJoin(users, eq(users.id, patientProfiles.userId))
      .where(where)
      .orderBy(asc(users.name), asc(users.id))
      .limit(options.count)
      .offset(options.offset),
    db.select({ n: count() }).from(patientProfiles).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export async function getFhirPatient(actor: Actor, id: string): Promise<FhirPatientRow | null> {
  const db = await getDb();
  const [row] = await db
    .select(patientColumns)
    .from(patientProfiles)
    .innerJoin(users, eq(users.id, patientProfiles.userId))
    .where(visiblePatient(actor, id));
  return row ?? null;
}

/**
 * A physio (or admin) account the actor may see as a Practitioner: their own, an admin's view of
 * any staff account, or the physio who looks after, or wrote a programme of, a visible patient.
 */
export async function getFhirPractitioner(
  actor: Actor,
  id: string,
): Promise<FhirPractitionerRow | null> {
  const db = await getDb();
  const relatedToVisiblePatient = sql`exists (
    select 1 from ${patientProfiles}
    where (${patientProfiles.physioId} = ${users.id}
           or exists (select 1 from ${routines}
                      where ${routines.patientId} = ${patientProfiles.userId}
                        and ${routines.createdBy} = ${users.id}))
      and ${visiblePatients(actor) ?? sql`true`})`;
  const [row] = await db
    .select({ id: users.id, name: users.name, email: users.email, active: users.active })
    .from(users)
    .where(
      and(
        eq(users.id, id),
        inArray(users.role, ['physio', 'admin']),
        actor.role === 'admin' ? undefined : or(eq(users.id, actor.id), relatedToVisiblePatient),
      ),
    );
  return row ?? null;
}

const exerciseColumns = {
  id: exercises.id,
  name: exercises.name,
  instructions: exercises.instructions,
  archived: exercises.archived,
  mediaUrl: exercises.mediaUrl,
};

/**
 * A library exercise as an ActivityDefinition: for an admin any; for a physio the shipped library,
 * their own and those in their patients' programmes; for a patient those in their own programmes.
 */
export async function getFhirExercise(actor: Actor, id: string): Promise<FhirExerciseRow | null> {
  const db = await getDb();
  const inVisibleProgramme = sql`exists (
    select 1 from ${routineItems}
    inner join ${routines} on ${routines.id} = ${routineItems.routineId}
    inner join ${patientProfiles} on ${patientProfiles.userId} = ${routines.patientId}
    where ${routineItems.exerciseId} = ${exercises.id}
      and ${visiblePatients(actor) ?? sql`true`})`;
  const scope: SQL | undefined =
    actor.role === 'admin'
      ? undefined
      : actor.role === 'physio'
        ? or(
            sql`${exercises.authorId} is null`,
            eq(exercises.authorId, actor.id),
            inVisibleProgramme,
          )
        : inVisibleProgramme;
  const [row] = await db
    .select(exerciseColumns)
    .from(exercises)
    .where(and(eq(exercises.id, id), scope));
  return row ?? null;
}

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

/** The patient a routine, pain report or routine item belongs to (no visibility check). */
export async function ownerOf(
  kind: 'routine' | 'pain' | 'item',
  id: string,
): Promise<string | undefined> {
  const db = await getDb();
  if (kind === 'routine') {
    const [row] = await db
      .select({ patientId: routines.patientId })
      .from(routines)
      .where(eq(routines.id, id));
    return row?.patientId;
  }
  if (kind === 'pain') {
    const [row] = await db
      .select({ patientId: painReports.patientId })
      .from(painReports)
      .where(eq(painReports.id, id));
    return row?.patientId;
  }
  const [row] = await db
    .select({ patientId: routines.patientId })
    .from(routineItems)
    .innerJoin(routines, eq(routines.id, routineItems.routineId))
    .where(eq(routineItems.id, id));
  return row?.patientId;
}

/** Everything Adhere holds about one patient, as rows for lib/fhir; null if not visible. */
export interface FhirPatientRecord {
  patient: FhirPatientRow;
  practitioners: FhirPractitionerRow[];
  routines: FhirRoutineRow[];
  exercises: FhirExerciseRow[];
  painReports: FhirPainReportRow[];
  completionDays: FhirCompletionDayRow[];
  /** The weekly metrics, from the one metrics module (the same rows as the weekly CSV). */
  weeks: WeeklyMetrics[];
}

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
        sets: routineItems.sets,
        reps: routineItems.reps,
        holdSeconds: routineItems.holdSeconds,
        daysMask: routineItems.daysMask,
        timesPerDay: routineItems.timesPerDay,
        note: routineItems.note,
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

/**
 * Writes one FHIR read to the audit log (who, which interaction on which type, which patient),
 * like every other export. Nothing clinical goes in the entry.
 */
export async function recordFhirRead(
  actor: Actor,
  read: { interaction: string; type: string; patientId?: string | null },
): Promise<void> {
  const db = await getDb();
  await recordAudit(db, {
    actorId: actor.id,
    action: 'export.fhir',
    targetType: read.patientId ? 'patient' : 'report',
    targetId: read.patientId ?? undefined,
    ip: actor.ip,
    details: { interaction: read.interaction, type: read.type },
  });
}
