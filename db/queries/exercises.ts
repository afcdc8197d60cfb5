import 'server-only';
import { and, asc, eq, ilike, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { exercises, patientProfiles, routineItems, routines, users } from '@/db/schema';
import type { BodyRegion } from '@/lib/body-regions';
import type { ExerciseInput } from '@/lib/validation/exercise';
import { invalid, notFound, ok, type Actor, type Outcome } from './actor';
import { withIdempotency } from './idempotency';

/**
 * Who sees which library exercise:
 * - a physio: the exercises shipped with Adhere and their own — never another physio's private
 *   ones in the library. On its own page (getExercise) a physio may also read, not change, any
 *   exercise used in a programme of one of their own patients (say, after an admin reassigned a
 *   patient from a colleague), so a programme they are responsible for never links to "not found";
 * - an admin: every exercise, read-only;
 * - a patient: none here (their own programme shows them what they need, via db/queries/today).
 * Only the author may change an exercise; the shipped ones are read-only to everyone.
 */

export interface ExerciseSummary {
  id: string;
  name: string;
  bodyRegion: BodyRegion;
  defaultSets: number;
  defaultReps: number;
  defaultHoldSeconds: number | null;
  archived: boolean;
  /** Shipped with Adhere (no author). */
  shipped: boolean;
  authorName: string | null;
  /** The signed-in user wrote it, so may edit, archive and restore it. */
  editable: boolean;
}

export interface ExerciseDetail extends ExerciseSummary {
  instructions: string;
  mediaUrl: string | null;
  updatedAt: Date;
}

export interface ExerciseListOptions {
  search?: string;
  region?: BodyRegion;
  includeArchived?: boolean;
}

const author = alias(users, 'author');
const idSchema = z.guid();

/** The library as the actor may browse it; null for a role with no library. */
function libraryScope(actor: Actor): { condition: SQL | undefined } | null {
  switch (actor.role) {
    case 'physio':
      return { condition: or(isNull(exercises.authorId), eq(exercises.authorId, actor.id)) };
    case 'admin':
      return { condition: undefined };
    case 'patient':
      return null;
  }
}

/** The library scope, widened for a physio to exercises in their own patients' programmes. */
function readScope(actor: Actor): { condition: SQL | undefined } | null {
  const library = libraryScope(actor);
  if (!library || actor.role !== 'physio') return library;
  const inOwnPatientsProgramme = sql`exists (
    select 1 from ${routineItems}
        inner join ${routines} on ${routines.id} = ${routineItems.routineId}
        inner join ${patientProfiles} on ${patientProfiles.userId} = ${routines.patientId}
        where ${routineItems.exerciseId} = ${exercises.id}
          and ${patientProfiles.physioId} = ${actor.id})`;
  return { condition: or(library.condition, inOwnPatientsProgramme) };
}

const summaryColumns = {
  id: exercises.id,
  name: exercises.name,
  bodyRegion: exercises.bodyRegion,
  defaultSets: exercises.defaultSets,
  defaultReps: exercises.defaultReps,
  defaultHoldSeconds: exercises.defaultHoldSeconds,
  archived: exercises.archived,
  authorId: exercises.authorId,
  authorName: author.name,
};

function withOwnership<T extends { authorId: string | null }>(actor: Actor, row: T) {
  const { authorId, ...rest } = row;
  return { ...rest, shipped: authorId === null, editable: authorId === actor.id };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The library, alphabetical; archived exercises only when asked for. */
export async function listExercises(
  actor: Actor,
  options: ExerciseListOptions = {},
): Promise<ExerciseSummary[]> {
  const scope = libraryScope(actor);
  if (!scope) return [];
  const conditions: (SQL | undefined)[] = [scope.condition];
  const search = options.search?.trim();
  if (search) conditions.push(ilike(exercises.name, `%${escapeLike(search)}%`));
  if (options.region) conditions.push(eq(exercises.bodyRegion, options.region));
  if (!options.includeArchived) conditions.push(eq(exercises.archived, false));

  const db = await getDb();
  const rows = await db
    .select(summaryColumns)
    .from(exercises)
    .leftJoin(author, eq(author.id, exercises.authorId))
    .where(and(...conditions))
    .orderBy(sql`lower(${exercises.name})`, asc(exercises.id));
  return rows.map((row) => withOwnership(actor, row));
}

/** One exercise, archived or not, or null when it does not exist or the actor may not see it. */
export async function getExercise(actor: Actor, id: string): Promise<ExerciseDetail | null> {
  const scope = readScope(actor);
  if (!scope || !idSchema.safeParse(id).success) return null;
  const db = await getDb();
  const [row] = await db
    .select({
      ...summaryColumns,
      instructions: exercises.instructions,
      mediaUrl: exercises.mediaUrl,
      updatedAt: exercises.updatedAt,
    })
    .from(exercises)
    .leftJoin(author, eq(author.id, exercises.authorId))
    .where(and(eq(exercises.id, id), scope.condition));
  return row ? withOwnership(actor, row) : null;
}

const CREATE_OPERATION = 'exercise.create';
const storedResultSchema = z.object({ id: z.guid() });

/**
 * Adds an exercise written by the signed-in physio. With an idempotency key, sending the same
 * form twice (a double tap, a retry after a dropped connection) creates it once and returns it.
 */
export async function createExercise(
  actor: Actor,
  input: ExerciseInput,
  options: { idempotencyKey?: string } = {},
): Promise<Outcome<{ id: string }>> {
  if (actor.role !== 'physio') return notFound;
  const db = await getDb();
  return db.transaction((tx) =>
    withIdempotency(
      tx,
      {
        actor,
        key: options.idempotencyKey,
        operation: CREATE_OPERATION,
        replay: (stored) => storedResultSchema.safeParse(stored).data ?? null,
      },
      async () => {
        const [created] = await tx
          .insert(exercises)
          .values({ ...input, authorId: actor.id, libraryKey: null })
          .returning({ id: exercises.id });
        if (!created) throw new Error('exercise not created');
        return ok({ id: created.id });
      },
    ),
  );
}

/** The exercise the actor means to change, if they may: their own, visible, not shipped. */
async function findOwnForChange(
  actor: Actor,
  id: string,
): Promise<Outcome<{ id: string; name: string }>> {
  const scope = readScope(actor);
  if (!scope || !idSchema.safeParse(id).success) return notFound;
  const db = await getDb();
  const [row] = await db
    .select({ id: exercises.id, name: exercises.name, authorId: exercises.authorId })
    .from(exercises)
    .where(and(eq(exercises.id, id), scope.condition));
  if (!row) return notFound;
  if (row.authorId === null) {
    return invalid('Shipped exercises are read-only. Create your own exercise to change it.');
  }
  if (row.authorId !== actor.id) return invalid('Only its author can change this exercise.');
  return ok({ id: row.id, name: row.name });
}

/**
 * Changes the author's own exercise. Programmes that use it show the new name and instructions;
 * the doses already prescribed in them are their own copies and stay as they were.
 */
export async function updateExercise(
  actor: Actor,
  id: string,
  input: ExerciseInput,
): Promise<Outcome<{ id: string }>> {
  const found = await findOwnForChange(actor, id);
  if (!found.ok) return found;
  const db = await getDb();
  const [updated] = await db
    .update(exercises)
    .set({ ...input, updatedAt: new Date() })
    .where(and(eq(exercises.id, found.value.id), eq(exercises.authorId, actor.id)))
    .returning({ id: exercises.id });
  return updated ? ok({ id: updated.id }) : notFound;
}

/**
 * Archives (hides from the library and the routine builder) or restores the author's own
 * exercise. Nothing is deleted: programmes that already use it keep it.
 */
export async function setExerciseArchived(
  actor: Actor,
  id: string,
  archived: boolean,
): Promise<Outcome<{ id: string; name: string; archived: boolean }>> {
  const found = await findOwnForChange(actor, id);
  if (!found.ok) return found;
  const db = await getDb();
  const [updated] = await db
    .update(exercises)
    .set({ archived, updatedAt: new Date() })
    .where(and(eq(exercises.id, found.value.id), eq(exercises.authorId, actor.id)))
    .returning({ id: exercises.id, name: exercises.name, archived: exercises.archived });
  return updated ? ok(updated) : notFound;
}
