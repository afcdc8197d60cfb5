import 'server-only';
import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { Transaction } from '@/db/client';
import { completions, exercises, routineItems, routines } from '@/db/schema';
import type { IsoDate } from '@/lib/dates';
import type { SavePlan, VersionSpan } from '@/lib/routine-versions';
import type { RoutineInput } from '@/lib/validation/routine';
import { invalid, type Actor, type Outcome } from './actor';
import type { MovableItem } from './routine-completions';
import { spanColumns } from './routine-reads';

/*
 * The steps of a routine save (db/queries/routines.ts `saveRoutine`), each inside its transaction
 * with the patient and their versions already locked, in the order the save calls them; and the
 * two that ending a programme or discharging a patient share with it (lockVersions, endVersions).
 */

/** The patient's versions, locked for the rest of the transaction (the patient is locked first). */
export async function lockVersions(tx: Transaction, patientId: string): Promise<VersionSpan[]> {
  return tx
    .select(spanColumns)
    .from(routines)
    .where(eq(routines.patientId, patientId))
    .orderBy(asc(routines.startDate))
    .for('update');
}

/** Gives each of the patient's versions the end date the versioning rule chose for it. */
export async function endVersions(
  tx: Transaction,
  patientId: string,
  ends: readonly { version: { id: string }; endDate: IsoDate }[],
): Promise<void> {
  for (const { version, endDate } of ends) {
    await tx
      .update(routines)
      .set({ endDate })
      .where(and(eq(routines.id, version.id), eq(routines.patientId, patientId)));
  }
}

/** Thrown after writes have begun, to roll them back and answer with a message instead. */
export class SaveRefused extends Error {
  constructor(readonly outcome: Outcome<never>) {
    super('routine save refused');
  }
}

const supersededIds = (plan: SavePlan) =>
  [...plan.ends.map((e) => e.version), ...plan.replaces].map((v) => v.id);

/**
 * Exercises: the physio's library (shipped and their own, not archived), plus whatever the
 * versions being superseded already hold (an archived exercise, or a colleague's after a patient
 * was reassigned) so that keeping an item is always possible. Null when every item may be saved.
 */
export async function checkLibrary(
  tx: Transaction,
  actor: Actor,
  routine: RoutineInput,
  plan: SavePlan,
): Promise<Outcome<never> | null> {
  const superseded = supersededIds(plan);
  const kept = new Set(
    superseded.length === 0
      ? []
      : (
          await tx
            .select({ exerciseId: routineItems.exerciseId })
            .from(routineItems)
            .where(inArray(routineItems.routineId, superseded))
        ).map((row) => row.exerciseId),
  );
  const wanted = [...new Set(routine.items.map((item) => item.exerciseId))];
  const found = new Map(
    (
      await tx
        .select({ id: exercises.id, authorId: exercises.authorId, archived: exercises.archived })
        .from(exercises)
        .where(inArray(exercises.id, wanted))
    ).map((row) => [row.id, row]),
  );
  for (const [index, item] of routine.items.entries()) {
    const exercise = found.get(item.exerciseId);
    if (exercise && kept.has(exercise.id)) continue;
    if (!exercise || (exercise.authorId !== null && exercise.authorId !== actor.id)) {
      return invalid(
        'This exercise is not in your library. Remove it and choose another.',
        `items.${index}.exerciseId`,
      );
    }
    if (exercise.archived) {
      return invalid(
        'This exercise has been archived. Remove it and choose another.',
        `items.${index}.exerciseId`,
      );
    }
  }
  return null;
}

/**
 * Closes what the new version supersedes. Replaced versions are closed first (the one open version
 * per patient is the new one) and deleted by deleteReplaced once their completions have moved.
 */
export async function closeSuperseded(
  tx: Transaction,
  patientId: string,
  plan: SavePlan,
): Promise<void> {
  if (plan.replaces.length > 0) {
    await tx
      .update(routines)
      .set({ endDate: sql`${routines.startDate}` })
      .where(
        inArray(
          routines.id,
          plan.replaces.map((v) => v.id),
        ),
      );
  }
  await endVersions(tx, patientId, plan.ends);
}

/** The new version and its items, in the order the physio put them. */
export async function insertVersion(
  tx: Transaction,
  actor: Actor,
  patientId: string,
  routine: RoutineInput,
  plan: SavePlan,
): Promise<{ id: string; items: MovableItem[] }> {
  const [created] = await tx
    .insert(routines)
    .values({
      patientId,
      createdBy: actor.id,
      previousRoutineId: plan.follows?.id ?? null,
      title: routine.title,
      startDate: routine.startDate,
      endDate: routine.endDate,
    })
    .returning({ id: routines.id });
  if (!created) throw new Error('routine version not created');
  const items = await tx
    .insert(routineItems)
    .values(routine.items.map((item, position) => ({ ...item, routineId: created.id, position })))
    .returning({
      id: routineItems.id,
      exerciseId: routineItems.exerciseId,
      position: routineItems.position,
      timesPerDay: routineItems.timesPerDay,
    });
  return { id: created.id, items };
}

/**
 * Deletes the versions the new one replaces. What the patient logged against them and could not
 * move (an exercise the new version drops) is never deleted: the save is refused instead, and
 * rolled back.
 */
export async function deleteReplaced(tx: Transaction, plan: SavePlan): Promise<void> {
  if (plan.replaces.length === 0) return;
  const replacedIds = plan.replaces.map((v) => v.id);
  const oldItems = tx
    .select({ id: routineItems.id })
    .from(routineItems)
    .where(inArray(routineItems.routineId, replacedIds));
  const [left] = await tx
    .select({ n: count() })
    .from(completions)
    .where(inArray(completions.routineItemId, oldItems));
  if ((left?.n ?? 0) > 0) {
    throw new SaveRefused(
      invalid(
        'The patient has already logged exercises today that this routine leaves out. Keep those exercises, or start the new routine tomorrow.',
        'startDate',
      ),
    );
  }
  await tx.delete(routineItems).where(inArray(routineItems.routineId, replacedIds));
  await tx.delete(routines).where(inArray(routines.id, replacedIds));
}
