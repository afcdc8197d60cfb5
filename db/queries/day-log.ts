import 'server-only';
import { and, asc, eq, gt, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { getDb, type Executor } from '@/db/client';
import {
  completions,
  exercises,
  idempotencyKeys,
  painReports,
  patientProfiles,
  routineItems,
  routines,
  users,
} from '@/db/schema';
import { isoWeekday, type IsoDate } from '@/lib/dates';
import type { DayLogInput } from '@/lib/validation/day-log';
import { isScheduledOn } from '@/lib/weekdays';
import { invalid, notFound, ok, type Actor, type Outcome } from './actor';

export interface DayItem {
  id: string;
  exerciseName: string;
  instructions: string;
  sets: number;
  reps: number;
  holdSeconds: number | null;
  timesPerDay: number;
  note: string;
  /** Sessions already logged for this day. */
  done: number;
}

export interface DayLog {
  date: IsoDate;
  physioName: string;
  dischargedOn: IsoDate | null;
  routine: { id: string; title: string; startDate: IsoDate } | null;
  items: DayItem[];
  pain: { score: number; note: string } | null;
}

async function planForDay(executor: Executor, patientId: string, day: IsoDate) {
  const [routine] = await executor
    .select({ id: routines.id, title: routines.title, startDate: routines.startDate })
    .from(routines)
    .where(
      and(
        eq(routines.patientId, patientId),
        lte(routines.startDate, day),
        or(isNull(routines.endDate), gte(routines.endDate, day)),
      ),
    )
    .limit(1);
  if (!routine) return { routine: null, items: [] };

  const rows = await executor
    .select({
      id: routineItems.id,
      exerciseName: exercises.name,
      instructions: exercises.instructions,
      sets: routineItems.sets,
      reps: routineItems.reps,
      holdSeconds: routineItems.holdSeconds,
      timesPerDay: routineItems.timesPerDay,
      daysMask: routineItems.daysMask,
      note: routineItems.note,
      done: sql<number>`(
        select count(*)::int from ${completions}
        where ${completions.routineItemId} = ${routineItems.id}
          and ${completions.performedOn} = ${day}
          and ${completions.patientId} = ${patientId}
      )`,
    })
    .from(routineItems)
    .innerJoin(exercises, eq(exercises.id, routineItems.exerciseId))
    .where(eq(routineItems.routineId, routine.id))
    .orderBy(asc(routineItems.position));
  const weekday = isoWeekday(day);
  const items = rows
    .filter((row) => isScheduledOn(row.daysMask, weekday))
    .map(({ daysMask: _daysMask, ...item }) => item);
  return { routine, items };
}

/** The signed-in patient's own day: what is prescribed, what is done, the pain score. */
export async function getOwnDayLog(actor: Actor, day: IsoDate): Promise<DayLog | null> {
  if (actor.role !== 'patient') return null;
  const db = await getDb();
  const [profile] = await db
    .select({ physioName: users.name, dischargedOn: patientProfiles.dischargedOn })
    .from(patientProfiles)
    .innerJoin(users, eq(users.id, patientProfiles.physioId))
    .where(eq(patientProfiles.userId, actor.id));
  if (!profile) return null;
  const [plan, [pain]] = await Promise.all([
    planForDay(db, actor.id, day),
    db
      .select({ score: painReports.score, note: painReports.note })
      .from(painReports)
      .where(and(eq(painReports.patientId, actor.id), eq(painReports.reportedOn, day))),
  ]);
  return { date: day, ...profile, ...plan, pain: pain ?? null };
}

export interface SavedDay {
  date: IsoDate;
  sessionsDone: number;
  painScore: number | null;
}

/**
 * Saves the signed-in patient's log for a day, as a statement of how the day stands. The
 * submission's idempotency key is claimed first: a replay (double tap, retry after a dropped
 * connection, a resubmitted form, even concurrently) gets the first result back and writes nothing.
 */
export async function saveOwnDayLog(
  actor: Actor,
  input: DayLogInput,
  today: IsoDate,
): Promise<Outcome<SavedDay>> {
  if (actor.role !== 'patient') return notFound;
  const db = await getDb();
  try {
    return await db.transaction((tx) => saveInTransaction(tx, actor, input, today));
  } catch (error) {
    if (error instanceof Rejected) return error.outcome;
    throw error;
  }
}

/** Thrown to roll the transaction back (and release the idempotency key) on a refused save. */
class Rejected extends Error {
  constructor(readonly outcome: Outcome<never>) {
    super('day log rejected');
  }
}

const reject = (message: string, field?: string): never => {
  throw new Rejected(invalid(message, field));
};

async function saveInTransaction(
  tx: Executor,
  actor: Actor,
  input: DayLogInput,
  today: IsoDate,
): Promise<Outcome<SavedDay>> {
  // One save at a time per patient, so two tabs cannot interleave their changes.
  const [profile] = await tx
    .select({ userId: patientProfiles.userId, dischargedOn: patientProfiles.dischargedOn })
    .from(patientProfiles)
    .where(eq(patientProfiles.userId, actor.id))
    .for('update');
  if (!profile) return notFound;

  const claimed = await tx
    .insert(idempotencyKeys)
    .values({ userId: actor.id, key: input.idempotencyKey, operation: 'day_log', result: {} })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (claimed.length === 0) {
    const [first] = await tx
      .select({ operation: idempotencyKeys.operation, result: idempotencyKeys.result })
      .from(idempotencyKeys)
      .where(
        and(eq(idempotencyKeys.userId, actor.id), eq(idempotencyKeys.key, input.idempotencyKey)),
      );
    // The first submission with this key already happened: its result, and no second write.
    if (first?.operation === 'day_log') return ok(first.result as SavedDay);
    return reject('This form is out of date. Reload the page.');
  }

  if (profile.dischargedOn && input.date > profile.dischargedOn) {
    reject('Your programme has ended, so there is nothing to log for this day.');
  }

  const plan = await planForDay(tx, actor.id, input.date);
  const planned = new Map(plan.items.map((item) => [item.id, item]));
  for (const [itemId, wanted] of Object.entries(input.done)) {
    const item = planned.get(itemId);
    if (!item) {
      return reject('That exercise is not part of your programme for this day.', `done.${itemId}`);
    }
    if (wanted > item.timesPerDay) {
      reject(
        `${item.exerciseName} is prescribed ${item.timesPerDay} time${item.timesPerDay === 1 ? '' : 's'} a day.`,
        `done.${itemId}`,
      );
    }
    if (wanted < item.done && input.date !== today) {
      reject('You can undo an exercise only on the day you did it.', `done.${itemId}`);
    }
  }

  for (const [itemId, wanted] of Object.entries(input.done)) {
    const item = planned.get(itemId)!;
    if (wanted > item.done) {
      await tx.insert(completions).values(
        Array.from({ length: wanted - item.done }, (_, i) => ({
          patientId: actor.id,
          routineItemId: itemId,
          performedOn: input.date,
          session: item.done + i + 1,
          idempotencyKey: `${input.idempotencyKey}:${itemId}:${item.done + i + 1}`,
        })),
      );
    } else if (wanted < item.done) {
      await tx
        .delete(completions)
        .where(
          and(
            eq(completions.patientId, actor.id),
            eq(completions.routineItemId, itemId),
            eq(completions.performedOn, input.date),
            gt(completions.session, wanted),
          ),
        );
    }
  }

  if (input.pain !== null) {
    await tx
      .insert(painReports)
      .values({
        patientId: actor.id,
        reportedOn: input.date,
        score: input.pain,
        note: input.note,
        idempotencyKey: input.idempotencyKey,
      })
      .onConflictDoUpdate({
        target: [painReports.patientId, painReports.reportedOn],
        set: {
          score: input.pain,
          note: input.note,
          idempotencyKey: input.idempotencyKey,
          updatedAt: new Date(),
        },
      });
  }

  const itemIds = plan.items.map((item) => item.id);
  const [counted] = itemIds.length
    ? await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(completions)
        .where(
          and(
            eq(completions.patientId, actor.id),
            eq(completions.performedOn, input.date),
            inArray(completions.routineItemId, itemIds),
          ),
        )
    : [{ n: 0 }];
  const [pain] = await tx
    .select({ score: painReports.score })
    .from(painReports)
    .where(and(eq(painReports.patientId, actor.id), eq(painReports.reportedOn, input.date)));
  const result: SavedDay = {
    date: input.date,
    sessionsDone: counted?.n ?? 0,
    painScore: pain?.score ?? null,
  };
  await tx
    .update(idempotencyKeys)
    .set({ result })
    .where(
      and(eq(idempotencyKeys.userId, actor.id), eq(idempotencyKeys.key, input.idempotencyKey)),
    );
  return ok(result);
}
