import 'server-only';
import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { getDb, type Executor } from '@/db/client';
import { jsonObjectOf } from '@/db/json-columns';
import { rowsOf } from '@/db/metrics';
import { exercises, patientProfiles, routineItems, routines, users } from '@/db/schema';
import type { BodyRegion } from '@/lib/body-regions';
import type { IsoDate } from '@/lib/dates';
import type { ItemDose } from '@/lib/routine-item';
import type { RoutineTemplate } from '@/lib/routine-templates';
import { currentVersion, type VersionSpan } from '@/lib/routine-versions';
import type { Actor } from './actor';
import { checkPatient, visiblePatient, type CheckedPatient } from './patient-access';

// What the routine builder and the patient's record read of a programme; db/queries/routines.ts
// writes it (and re-exports these, so that callers import one module).

const idSchema = z.guid();

export interface EditableRoutineItem extends ItemDose {
  exerciseId: string;
  exerciseName: string;
  bodyRegion: BodyRegion;
  archived: boolean;
}

export interface EditableRoutine {
  id: string;
  title: string;
  startDate: IsoDate;
  endDate: IsoDate | null;
  items: EditableRoutineItem[];
}

export interface RoutineForEditing {
  patient: { id: string; name: string; dischargedOn: IsoDate | null };
  /** The version in force today, or one due to start later; null when there is neither. */
  routine: EditableRoutine | null;
  /** Every version's span, oldest first, for the builder to explain a save by the same rule. */
  versions: VersionSpan[];
}

export interface RoutineVersionSummary {
  id: string;
  title: string;
  startDate: IsoDate;
  endDate: IsoDate | null;
  previousRoutineId: string | null;
  itemCount: number;
  createdByName: string;
  createdAt: Date;
}

export interface ResolvedTemplate {
  key: string;
  title: string;
  description: string;
  items: EditableRoutineItem[];
}

export const spanColumns = {
  id: routines.id,
  title: routines.title,
  startDate: routines.startDate,
  endDate: routines.endDate,
};

/** An item's dose as selected from `routine_items` (lib/routine-item.ts `ItemDose`). */
export const doseColumns = {
  sets: routineItems.sets,
  reps: routineItems.reps,
  holdSeconds: routineItems.holdSeconds,
  daysMask: routineItems.daysMask,
  timesPerDay: routineItems.timesPerDay,
  note: routineItems.note,
};

const itemColumns = {
  exerciseId: routineItems.exerciseId,
  exerciseName: exercises.name,
  bodyRegion: exercises.bodyRegion,
  archived: exercises.archived,
  ...doseColumns,
};

/**
 * What the routine builder starts from: the patient and their current version with its items,
 * for the physio whose patient it is. Null when the actor may not see the patient.
 */
export async function getRoutineForEditing(
  actor: Actor,
  patientId: string,
  today: IsoDate,
): Promise<RoutineForEditing | null> {
  if (actor.role !== 'physio' || !idSchema.safeParse(patientId).success) return null;
  const db = await getDb();
  const [patient] = await db
    .select({ id: users.id, name: users.name, dischargedOn: patientProfiles.dischargedOn })
    .from(patientProfiles)
    .innerJoin(users, eq(users.id, patientProfiles.userId))
    .where(visiblePatient(actor, patientId));
  if (!patient) return null;
  return { patient, ...(await versionsAndRoutine(db, patient.id, today)) };
}

/** The programme in force today (or due to start) with its items, for a patient already checked. */
export async function routineInForceOf(
  patient: CheckedPatient,
  today: IsoDate,
): Promise<EditableRoutine | null> {
  return (await versionsAndRoutine(await getDb(), patient.id, today)).routine;
}

/**
 * Every version's span, and the current one (lib/routine-versions.ts `currentVersion`) with its
 * items, in one statement: the items come with each version not ended before today, the only
 * ones that can be current (usually one; a second when a new version is due to start).
 */
async function versionsAndRoutine(
  db: Executor,
  patientId: string,
  today: IsoDate,
): Promise<Omit<RoutineForEditing, 'patient'>> {
  const rows = rowsOf<VersionSpan & { items: EditableRoutineItem[] | null }>(
    await db.execute(sql`
      select ${routines.id} as id, ${routines.title} as title,
             ${routines.startDate}::text as "startDate", ${routines.endDate}::text as "endDate",
             case when ${routines.endDate} is null or ${routines.endDate} >= ${today} then (
               select json_agg(${jsonObjectOf(itemColumns)} order by ${routineItems.position})
               from ${routineItems}
               join ${exercises} on ${exercises.id} = ${routineItems.exerciseId}
               where ${routineItems.routineId} = ${routines.id}
             ) end as items
      from ${routines}
      where ${routines.patientId} = ${patientId}
      order by ${routines.startDate}`),
  );
  const versions = rows.map(({ items: _items, ...span }) => span);
  const version = currentVersion(versions, today);
  if (!version) return { routine: null, versions };
  const items = rows.find((row) => row.id === version.id)?.items ?? [];
  return { routine: { ...version, items }, versions };
}

/** Every version of a patient's programme, newest first; null when the actor may not see them. */
export async function listRoutineHistory(
  actor: Actor,
  patientId: string,
): Promise<RoutineVersionSummary[] | null> {
  if (!idSchema.safeParse(patientId).success) return null;
  const patient = await checkPatient(await getDb(), actor, patientId);
  return patient ? routineHistoryOf(patient) : null;
}

/** listRoutineHistory for a patient already checked. */
export async function routineHistoryOf(patient: CheckedPatient): Promise<RoutineVersionSummary[]> {
  const db = await getDb();
  const itemCounts = db
    .select({ routineId: routineItems.routineId, n: count().as('n') })
    .from(routineItems)
    .groupBy(routineItems.routineId)
    .as('item_counts');
  const rows = await db
    .select({
      ...spanColumns,
      previousRoutineId: routines.previousRoutineId,
      itemCount: sql<number>`coalesce(${itemCounts.n}, 0)::int`,
      createdByName: users.name,
      createdAt: routines.createdAt,
    })
    .from(routines)
    .innerJoin(users, eq(users.id, routines.createdBy))
    .leftJoin(itemCounts, eq(itemCounts.routineId, routines.id))
    .where(eq(routines.patientId, patient.id))
    .orderBy(desc(routines.startDate), desc(routines.createdAt));
  return rows.map((row) => ({ ...row, itemCount: Number(row.itemCount) }));
}

/**
 * A starting template with its exercises found in the shipped library (by libraryKey), for a
 * physio. Exercises missing from this installation's library, or archived, are left out.
 */
export async function resolveRoutineTemplate(
  actor: Actor,
  template: RoutineTemplate,
): Promise<ResolvedTemplate | null> {
  if (actor.role !== 'physio') return null;
  const db = await getDb();
  const keys = template.items.map((item) => item.libraryKey);
  const rows = await db
    .select({
      id: exercises.id,
      libraryKey: exercises.libraryKey,
      name: exercises.name,
      bodyRegion: exercises.bodyRegion,
    })
    .from(exercises)
    .where(
      and(
        inArray(exercises.libraryKey, keys),
        isNull(exercises.authorId),
        eq(exercises.archived, false),
      ),
    );
  const byKey = new Map(rows.map((row) => [row.libraryKey, row]));
  const items = template.items.flatMap(({ libraryKey, ...dose }) => {
    const exercise = byKey.get(libraryKey);
    if (!exercise) return [];
    return [
      {
        exerciseId: exercise.id,
        exerciseName: exercise.name,
        bodyRegion: exercise.bodyRegion,
        archived: false,
        ...dose,
      },
    ];
  });
  return { key: template.key, title: template.title, description: template.description, items };
}
