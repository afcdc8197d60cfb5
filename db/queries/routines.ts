import 'server-only';
import { and, asc, count, desc, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { getDb, type Transaction } from '@/db/client';
import {
  completions,
  exercises,
  patientProfiles,
  routineItems,
  routines,
  users,
  type BodyRegion,
} from '@/db/schema';
import { isIsoDate, type IsoDate } from '@/lib/dates';
import type { RoutineTemplate } from '@/lib/routine-templates';
import { currentVersion, planEnd, planSave, type VersionSpan } from '@/lib/routine-versions';
import { routineSchema, type RoutineInput } from '@/lib/validation/routine';
import { invalid, notFound, ok, type Actor, type Outcome } from './actor';
import { recordAudit } from './audit';
import { withIdempotency } from './idempotency';
import { lockVisiblePatient, visiblePatient, type LockedPatient } from './patient-access';

/*
 * A patient's programme is a chain of versions (db/schema.ts, `routines`). Saving never edits a
 * version in place, and no save or end changes what was prescribed on a day before today: the rule
 * (which dates are allowed, which version ends when, which is replaced) is lib/routine-versions.ts,
 * and this module applies what it decides, under a lock on the patient. Besides:
 *
 * - What the patient already ticked off on or after the new start date moves with the exercise:
 *   each completion goes to the first item of the new version with the same exercise, up to its
 *   times per day. Completions of exercises no longer prescribed stay on the old item (which no
 *   longer counts from that day). A same-day replacement that would leave completions on the
 *   version it replaces is refused, because replacing deletes that version and nothing the
 *   patient logged is ever deleted.
 */

const idSchema = z.guid();

export interface EditableRoutineItem {
  exerciseId: string;
  exerciseName: string;
  bodyRegion: BodyRegion;
  archived: boolean;
  sets: number;
  reps: number;
  holdSeconds: number | null;
  daysMask: number;
  timesPerDay: number;
  note: string;
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

export interface SavedRoutine {
  routineId: string;
  /** The version that now ends the day before the new one starts, if one was running then. */
  endedPrevious: { id: string; title: string; endDate: IsoDate } | null;
  /** Versions that had not started before today and were replaced by this one. */
  replaced: number;
  /** Completions on or after the start date that moved to the new version's items. */
  carriedOver: number;
}

const spanColumns = {
  id: routines.id,
  title: routines.title,
  startDate: routines.startDate,
  endDate: routines.endDate,
};

const itemColumns = {
  exerciseId: routineItems.exerciseId,
  exerciseName: exercises.name,
  bodyRegion: exercises.bodyRegion,
  archived: exercises.archived,
  sets: routineItems.sets,
  reps: routineItems.reps,
  holdSeconds: routineItems.holdSeconds,
  daysMask: routineItems.daysMask,
  timesPerDay: routineItems.timesPerDay,
  note: routineItems.note,
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

  const versions = await db
    .select(spanColumns)
    .from(routines)
    .where(eq(routines.patientId, patient.id))
    .orderBy(asc(routines.startDate));
  const version = currentVersion(versions, today);
  if (!version) return { patient, routine: null, versions };

  const items = await db
    .select(itemColumns)
    .from(routineItems)
    .innerJoin(exercises, eq(exercises.id, routineItems.exerciseId))
    .where(eq(routineItems.routineId, version.id))
    .orderBy(asc(routineItems.position));
  return { patient, routine: { ...version, items }, versions };
}

/** Every version of a patient's programme, newest first; null when the actor may not see them. */
export async function listRoutineHistory(
  actor: Actor,
  patientId: string,
): Promise<RoutineVersionSummary[] | null> {
  if (!idSchema.safeParse(patientId).success) return null;
  const db = await getDb();
  const [patient] = await db
    .select({ id: patientProfiles.userId })
    .from(patientProfiles)
    .where(visiblePatient(actor, patientId));
  if (!patient) return null;

  const itemCounts = db
    .select({ routineId: routineItems.routineId, n: count().as('n') })
    .from(routineItems)
    .groupBy(routineItems.routineId)
    .as('item_counts');
  const rows = await db
    .select({
      id: routines.id,
      title: routines.title,
      startDate: routines.startDate,
      endDate: routines.endDate,
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

const SAVE_OPERATION = 'routine.save';
const storedSaveSchema = z.object({
  patientId: z.guid(),
  routineId: z.guid(),
  endedPrevious: z.object({ id: z.guid(), title: z.string(), endDate: z.string() }).nullable(),
  replaced: z.number(),
  carriedOver: z.number(),
});

const UPDATE_CHUNK = 500;

/**
 * Saves a new version of a patient's programme, starting on `input.startDate` (today by default),
 * for the physio whose patient it is. The version in force then ends the day before; see the rules
 * at the top of this file. With an idempotency key, the same form sent twice saves once.
 */
export async function saveRoutine(
  actor: Actor,
  patientId: string,
  input: RoutineInput,
  today: IsoDate,
  options: { idempotencyKey?: string } = {},
): Promise<Outcome<SavedRoutine>> {
  if (actor.role !== 'physio' || !idSchema.safeParse(patientId).success) return notFound;
  const parsed = routineSchema(() => today).safeParse(input);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    return invalid(issue?.message ?? 'Check the routine.', issue?.path.join('.') || undefined);
  }
  const routine = parsed.data;

  const db = await getDb();
  try {
    return await saveInTransaction(db, actor, patientId, routine, today, options);
  } catch (error) {
    if (error instanceof SaveRefused) return error.outcome;
    throw error;
  }
}

/** Thrown after writes have begun, to roll them back and answer with a message instead. */
class SaveRefused extends Error {
  constructor(readonly outcome: Outcome<never>) {
    super('routine save refused');
  }
}

async function saveInTransaction(
  db: Awaited<ReturnType<typeof getDb>>,
  actor: Actor,
  patientId: string,
  routine: RoutineInput,
  today: IsoDate,
  options: { idempotencyKey?: string },
): Promise<Outcome<SavedRoutine>> {
  return db.transaction(async (tx): Promise<Outcome<SavedRoutine>> => {
    const profile = await lockVisiblePatient(tx, actor, patientId);
    if (!profile) return notFound;

    return withIdempotency(
      tx,
      {
        actor,
        key: options.idempotencyKey,
        operation: SAVE_OPERATION,
        record: (saved) => ({ patientId: profile.userId, ...saved }),
        replay: (stored) => {
          const parsed = storedSaveSchema.safeParse(stored);
          if (!parsed.success || parsed.data.patientId !== profile.userId) return null;
          const { patientId: _patient, ...saved } = parsed.data;
          return saved;
        },
      },
      () => writeVersion(tx, actor, profile, routine, today),
    );
  });
}

/** The versioning rule, the library checks and the writes of one save (already keyed). */
async function writeVersion(
  tx: Transaction,
  actor: Actor,
  profile: LockedPatient,
  routine: RoutineInput,
  today: IsoDate,
): Promise<Outcome<SavedRoutine>> {
  const start = routine.startDate;
  const versions = await lockVersions(tx, profile.userId);
  const plan = planSave({
    versions,
    today,
    startDate: start,
    endDate: routine.endDate,
    dischargedOn: profile.dischargedOn,
  });
  if (!plan.ok) return invalid(plan.message, plan.field);
  const replaced = plan.replaces;
  const superseded = [...plan.ends.map((e) => e.version), ...replaced].map((v) => v.id);

  // Exercises: the physio's library (shipped and their own, not archived), plus whatever the
  // version being superseded already holds (an archived exercise, or a colleague's after a
  // patient was reassigned) so that keeping an item is always possible.
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

  // Close what the new version supersedes. Replaced versions are closed first (the one open
  // version per patient is the new one) and deleted once their completions have moved.
  if (replaced.length > 0) {
    await tx
      .update(routines)
      .set({ endDate: sql`${routines.startDate}` })
      .where(
        inArray(
          routines.id,
          replaced.map((v) => v.id),
        ),
      );
  }
  for (const { version, endDate } of plan.ends) {
    await tx
      .update(routines)
      .set({ endDate })
      .where(and(eq(routines.id, version.id), eq(routines.patientId, profile.userId)));
  }

  const [created] = await tx
    .insert(routines)
    .values({
      patientId: profile.userId,
      createdBy: actor.id,
      previousRoutineId: plan.follows?.id ?? null,
      title: routine.title,
      startDate: start,
      endDate: routine.endDate,
    })
    .returning({ id: routines.id });
  if (!created) throw new Error('routine version not created');
  const newItems = await tx
    .insert(routineItems)
    .values(routine.items.map((item, position) => ({ ...item, routineId: created.id, position })))
    .returning({
      id: routineItems.id,
      exerciseId: routineItems.exerciseId,
      position: routineItems.position,
      timesPerDay: routineItems.timesPerDay,
    });

  const carriedOver = await moveCompletions(tx, {
    patientId: profile.userId,
    since: start,
    to: newItems,
  });

  if (replaced.length > 0) {
    const replacedIds = replaced.map((v) => v.id);
    const oldItems = tx
      .select({ id: routineItems.id })
      .from(routineItems)
      .where(inArray(routineItems.routineId, replacedIds));
    // What the patient logged against the replaced version and could not move (an exercise the
    // new version drops) is never deleted: the save is refused instead, and rolled back.
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

  const ended = plan.ends.find((e) => e.version.id === plan.follows?.id);
  const endedPrevious = ended
    ? { id: ended.version.id, title: ended.version.title, endDate: ended.endDate }
    : null;
  const saved: SavedRoutine = {
    routineId: created.id,
    endedPrevious,
    replaced: replaced.length,
    carriedOver,
  };
  // Who changed which patient's programme and the dates; never the title, doses or notes.
  await recordAudit(tx, {
    actorId: actor.id,
    action: 'routine.saved',
    targetType: 'patient',
    targetId: profile.userId,
    ip: actor.ip,
    details: {
      routineId: created.id,
      startDate: start,
      endDate: routine.endDate,
      previousRoutineId: plan.follows?.id ?? null,
      previousEndDate: ended?.endDate ?? null,
      replacedVersions: replaced.length,
    },
  });
  return ok(saved);
}

/**
 * Moves the patient's completions logged on or after `since` (all on items of versions that no
 * longer run on those days, since the new version has none yet) to the new version: per day, each
 * exercise's completions go to the first new item with that exercise, numbered 1…times per day;
 * any beyond that, or of an exercise no longer prescribed, stay where they are.
 */
async function moveCompletions(
  tx: Transaction,
  options: {
    patientId: string;
    since: IsoDate;
    to: { id: string; exerciseId: string; position: number; timesPerDay: number }[];
  },
): Promise<number> {
  const logged = await tx
    .select({
      id: completions.id,
      performedOn: completions.performedOn,
      exerciseId: routineItems.exerciseId,
    })
    .from(completions)
    .innerJoin(routineItems, eq(routineItems.id, completions.routineItemId))
    .where(
      and(
        eq(completions.patientId, options.patientId),
        gte(completions.performedOn, options.since),
      ),
    )
    .orderBy(
      asc(completions.performedOn),
      asc(routineItems.position),
      asc(completions.session),
      asc(completions.createdAt),
    );
  if (logged.length === 0) return 0;

  const target = new Map<string, (typeof options.to)[number]>();
  for (const item of [...options.to].sort((a, b) => a.position - b.position)) {
    if (!target.has(item.exerciseId)) target.set(item.exerciseId, item);
  }
  const sessions = new Map<string, number>();
  const moves: { id: string; itemId: string; session: number }[] = [];
  for (const completion of logged) {
    const item = target.get(completion.exerciseId);
    if (!item) continue;
    const slot = `${item.id} ${completion.performedOn}`;
    const session = (sessions.get(slot) ?? 0) + 1;
    if (session > item.timesPerDay) continue;
    sessions.set(slot, session);
    moves.push({ id: completion.id, itemId: item.id, session });
  }

  for (let i = 0; i < moves.length; i += UPDATE_CHUNK) {
    const rows = moves
      .slice(i, i + UPDATE_CHUNK)
      .map((m) => sql`(${m.id}::uuid, ${m.itemId}::uuid, ${m.session}::smallint)`);
    // The new items have no completions yet and every (item, day, session) here is distinct, so
    // the unique index on them holds row by row.
    await tx.execute(sql`
      update ${completions} as c
         set routine_item_id = v.item_id, session = v.session
        from (values ${sql.join(rows, sql`, `)}) as v(id, item_id, session)
       where c.id = v.id`);
  }
  return moves.length;
}

/** The patient's versions, locked for the rest of the transaction (the patient is locked first). */
async function lockVersions(tx: Transaction, patientId: string): Promise<VersionSpan[]> {
  return tx
    .select(spanColumns)
    .from(routines)
    .where(eq(routines.patientId, patientId))
    .orderBy(asc(routines.startDate))
    .for('update');
}

/**
 * Ends the patient's current programme on `endDate` (inclusive; today by default in the form),
 * which is today or later (lib/routine-versions.ts `planEnd`). Nothing is deleted: the version
 * keeps its history.
 */
export async function endRoutine(
  actor: Actor,
  patientId: string,
  input: { endDate: IsoDate },
  today: IsoDate,
): Promise<Outcome<{ routineId: string; title: string; endDate: IsoDate }>> {
  if (actor.role !== 'physio' || !idSchema.safeParse(patientId).success) return notFound;
  if (!isIsoDate(input.endDate)) {
    return invalid('Enter the last day of the routine as a date, e.g. 2026-05-30.', 'endDate');
  }
  const db = await getDb();
  return db.transaction(async (tx) => {
    const profile = await lockVisiblePatient(tx, actor, patientId);
    if (!profile) return notFound;
    const plan = planEnd({
      versions: await lockVersions(tx, profile.userId),
      today,
      endDate: input.endDate,
      dischargedOn: profile.dischargedOn,
    });
    if (!plan.ok) return invalid(plan.message, plan.field);
    const { version, endDate } = plan;
    await tx
      .update(routines)
      .set({ endDate })
      .where(and(eq(routines.id, version.id), eq(routines.patientId, profile.userId)));
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'routine.ended',
      targetType: 'patient',
      targetId: profile.userId,
      ip: actor.ip,
      details: {
        routineId: version.id,
        startDate: version.startDate,
        endDate,
        previousEndDate: version.endDate,
      },
    });
    return ok({ routineId: version.id, title: version.title, endDate });
  });
}
