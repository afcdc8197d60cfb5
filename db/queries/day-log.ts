import 'server-only';
import { and, asc, desc, eq, gte, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { getDb, type Executor } from '@/db/client';
import { completions, exercises, painReports, routineItems, routines } from '@/db/schema';
import { isoWeekday, type IsoDate } from '@/lib/dates';
import { PROGRAMME_ENDED, programmeEndedBefore, type SavedDay } from '@/lib/day-log';
import type { DayLogInput } from '@/lib/validation/day-log';
import { isScheduledOn } from '@/lib/weekdays';
import { invalid, notFound, ok, type Actor, type Outcome } from './actor';
import { withIdempotency } from './idempotency';
import { withLockedPatient } from './patient-access';
import { getPatientRecord } from './patients';
import { doseColumns } from './routine-reads';

export interface DayItem {
  id: string;
  exerciseId: string;
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
      exerciseId: routineItems.exerciseId,
      exerciseName: exercises.name,
      instructions: exercises.instructions,
      ...doseColumns,
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
  const record = await getPatientRecord(actor, actor.id);
  if (!record) return null;
  const profile = { physioName: record.physioName, dischargedOn: record.dischargedOn };
  const db = await getDb();
  const [plan, [pain]] = await Promise.all([
    planForDay(db, actor.id, day),
    db
      .select({ score: painReports.score, note: painReports.note })
      .from(painReports)
      .where(and(eq(painReports.patientId, actor.id), eq(painReports.reportedOn, day))),
  ]);
  return { date: day, ...profile, ...plan, pain: pain ?? null };
}

const SAVE_OPERATION = 'day_log';

/**
 * A stored first result, read back for a replay. Results stored before saves became changes hold
 * only the date and the two totals; they replay with an empty programme list.
 */
const storedResultSchema = z.object({
  date: z.string(),
  sessionsDone: z.number(),
  painScore: z.number().nullable(),
  items: z
    .array(
      z.object({
        itemId: z.string(),
        exerciseId: z.string(),
        exerciseName: z.string(),
        timesPerDay: z.number(),
        done: z.number(),
      }),
    )
    .default([]),
  programmeChanged: z
    .object({
      moved: z.array(
        z.object({ itemId: z.string(), toItemId: z.string(), exerciseName: z.string() }),
      ),
      removed: z.array(z.object({ itemId: z.string() })),
    })
    .nullable()
    .default(null),
});

/**
 * Saves changes to the signed-in patient's day (lib/day-log.ts): sessions added or undone per
 * exercise relative to what their screen showed, and the pain score and note when they changed
 * them. Changes add up, so a second device or an older tab saving the same day never takes away
 * what another recorded; each item stays between none and its times per day.
 *
 * A change to an item that is no longer in the day's programme (the physio changed it after the
 * screen was loaded) goes to the item that now prescribes the same exercise, as the routine save
 * itself moves the day's completions to it; with no such item it is reported, not saved. Either
 * way the rest of the save, pain and note included, goes through. An item of another patient's
 * programme is refused as not found.
 *
 * The submission's idempotency key is claimed first, under a lock on the patient: a replay (double
 * tap, retry after a dropped connection, an offline queue sent twice, even concurrently) gets the
 * first result back and writes nothing.
 */
export async function saveOwnDayLog(
  actor: Actor,
  input: DayLogInput,
  today: IsoDate,
): Promise<Outcome<SavedDay>> {
  if (actor.role !== 'patient') return notFound;
  try {
    return await saveInTransaction(actor, input, today);
  } catch (error) {
    if (error instanceof Rejected) return error.outcome;
    throw error;
  }
}

/**
 * Whether any of the items is in another patient's routine. An item of none (a version the physio
 * replaced the same day is deleted with its items) is the patient's changed programme.
 */
async function anyItemOfAnotherPatient(
  tx: Executor,
  patientId: string,
  itemIds: string[],
): Promise<boolean> {
  const [foreign] = await tx
    .select({ id: routineItems.id })
    .from(routineItems)
    .innerJoin(routines, eq(routines.id, routineItems.routineId))
    .where(and(ne(routines.patientId, patientId), inArray(routineItems.id, itemIds)))
    .limit(1);
  return foreign !== undefined;
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
  actor: Actor,
  input: DayLogInput,
  today: IsoDate,
): Promise<Outcome<SavedDay>> {
  // One save at a time per patient (the routine builder takes the same lock), so changes from two
  // devices are applied one after the other, each to what the other left.
  return withLockedPatient(actor, actor.id, (tx, profile) =>
    withIdempotency(
      tx,
      {
        actor,
        key: input.idempotencyKey,
        operation: SAVE_OPERATION,
        record: ({ replayed: _replayed, ...stored }) => stored,
        // The first submission with this key already happened: its result, and no second write.
        replay: (stored) => {
          const parsed = storedResultSchema.safeParse(stored);
          return parsed.success ? { ...parsed.data, replayed: true } : null;
        },
      },
      () => saveChanges(tx, actor, input, today, profile.dischargedOn),
    ),
  );
}

async function saveChanges(
  tx: Executor,
  actor: Actor,
  input: DayLogInput,
  today: IsoDate,
  dischargedOn: IsoDate | null,
): Promise<Outcome<SavedDay>> {
  if (programmeEndedBefore(input.date, dischargedOn)) reject(PROGRAMME_ENDED);

  const plan = await planForDay(tx, actor.id, input.date);
  const planned = new Map(plan.items.map((item) => [item.id, item]));
  const byExercise = new Map<string, DayItem>();
  for (const item of plan.items)
    if (!byExercise.has(item.exerciseId)) byExercise.set(item.exerciseId, item);

  const unplanned = Object.keys(input.exercises).filter((itemId) => !planned.has(itemId));
  if (unplanned.length > 0 && (await anyItemOfAnotherPatient(tx, actor.id, unplanned))) {
    // Not a programme that changed under the patient's screen but an item of someone else's.
    throw new Rejected(notFound);
  }

  const net = new Map<string, number>();
  const moved: NonNullable<SavedDay['programmeChanged']>['moved'] = [];
  const removed: NonNullable<SavedDay['programmeChanged']>['removed'] = [];
  for (const [itemId, { exerciseId, change }] of Object.entries(input.exercises)) {
    if (change === 0) continue;
    const item = planned.get(itemId) ?? byExercise.get(exerciseId);
    if (!item) {
      removed.push({ itemId });
      continue;
    }
    if (item.id !== itemId)
      moved.push({ itemId, toItemId: item.id, exerciseName: item.exerciseName });
    if (change < 0 && input.date !== today) {
      reject('You can undo an exercise only on the day you did it.', `exercises.${itemId}.change`);
    }
    net.set(item.id, (net.get(item.id) ?? 0) + change);
  }

  const done = await applyChanges(tx, actor, input, net, planned);
  const painScore = await savePain(tx, actor, input);

  const items = plan.items.map((item) => ({
    itemId: item.id,
    exerciseId: item.exerciseId,
    exerciseName: item.exerciseName,
    timesPerDay: item.timesPerDay,
    done: done.get(item.id) ?? item.done,
  }));
  const saved: SavedDay = {
    date: input.date,
    sessionsDone: items.reduce((sum, item) => sum + item.done, 0),
    painScore,
    items,
    programmeChanged: moved.length || removed.length ? { moved, removed } : null,
    replayed: false,
  };
  return ok(saved);
}

/**
 * Adds or undoes sessions per item, each kept between none and its times per day: added sessions
 * take the lowest free numbers, an undo takes back the highest. Returns each changed item's count.
 */
async function applyChanges(
  tx: Executor,
  actor: Actor,
  input: DayLogInput,
  net: Map<string, number>,
  planned: Map<string, DayItem>,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (net.size === 0) return counts;
  const logged = await tx
    .select({
      id: completions.id,
      itemId: completions.routineItemId,
      session: completions.session,
    })
    .from(completions)
    .where(
      and(
        eq(completions.patientId, actor.id),
        eq(completions.performedOn, input.date),
        inArray(completions.routineItemId, [...net.keys()]),
      ),
    )
    .orderBy(desc(completions.session));

  const added: (typeof completions.$inferInsert)[] = [];
  const undone: string[] = [];
  for (const [itemId, change] of net) {
    const item = planned.get(itemId)!;
    const mine = logged.filter((c) => c.itemId === itemId);
    if (change > 0) {
      const taken = new Set(mine.map((c) => c.session));
      const free = Array.from({ length: item.timesPerDay }, (_, i) => i + 1).filter(
        (session) => !taken.has(session),
      );
      const sessions = free.slice(0, change);
      for (const session of sessions) {
        added.push({
          patientId: actor.id,
          routineItemId: itemId,
          performedOn: input.date,
          session,
          idempotencyKey: `${input.idempotencyKey}:${itemId}:${session}`,
        });
      }
      counts.set(itemId, mine.length + sessions.length);
    } else {
      const back = mine.slice(0, -change);
      undone.push(...back.map((c) => c.id));
      counts.set(itemId, mine.length - back.length);
    }
  }
  if (added.length > 0) await tx.insert(completions).values(added);
  if (undone.length > 0) {
    await tx
      .delete(completions)
      .where(and(eq(completions.patientId, actor.id), inArray(completions.id, undone)));
  }
  return counts;
}

/**
 * The pain score and the note, each only when sent: an older screen that did not touch them
 * leaves what another device recorded. A new report needs a score; a note alone updates the day's
 * report. Returns the day's score after the save.
 */
async function savePain(tx: Executor, actor: Actor, input: DayLogInput): Promise<number | null> {
  const [existing] = await tx
    .select({ id: painReports.id, score: painReports.score })
    .from(painReports)
    .where(and(eq(painReports.patientId, actor.id), eq(painReports.reportedOn, input.date)));
  if (input.pain === undefined && input.note === undefined) return existing?.score ?? null;
  if (existing) {
    await tx
      .update(painReports)
      .set({
        ...(input.pain === undefined ? {} : { score: input.pain }),
        ...(input.note === undefined ? {} : { note: input.note }),
        idempotencyKey: input.idempotencyKey,
        updatedAt: new Date(),
      })
      .where(and(eq(painReports.patientId, actor.id), eq(painReports.id, existing.id)));
    return input.pain ?? existing.score;
  }
  if (input.pain !== undefined) {
    await tx.insert(painReports).values({
      patientId: actor.id,
      reportedOn: input.date,
      score: input.pain,
      note: input.note ?? '',
      idempotencyKey: input.idempotencyKey,
    });
    return input.pain;
  }
  if (input.note) reject('Choose a pain score to save a note with it.', 'pain');
  return null;
}
