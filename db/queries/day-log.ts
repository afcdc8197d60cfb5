import 'server-only';
import { and, eq, inArray, ne } from 'drizzle-orm';
import { z } from 'zod';
import { getDb, type Executor } from '@/db/client';
import { routineItems, routines } from '@/db/schema';
import { isoWeekday, type IsoDate } from '@/lib/dates';
import { PROGRAMME_ENDED, programmeEndedBefore, type SavedDay } from '@/lib/day-log';
import type { DayLogInput } from '@/lib/validation/day-log';
import { isScheduledOn } from '@/lib/weekdays';
import { invalid, notFound, ok, type Actor, type Outcome } from './actor';
import type { KeepResult } from './idempotency';
import { withLockedPatientOnce } from './patient-access';
import { getPatientRecord } from './patients';
import {
  readDay,
  writeDay,
  type DayRead,
  type DayWrites,
  type LoggedSession,
  type PlannedItem,
} from './day-log-statements';

/** An item of the day as Today shows it: the planned item with its logged sessions counted. */
export type DayItem = Omit<PlannedItem, 'daysMask' | 'logged'> & {
  /** Sessions already logged for this day. */
  done: number;
};

export interface DayLog {
  date: IsoDate;
  physioName: string;
  dischargedOn: IsoDate | null;
  routine: { id: string; title: string; startDate: IsoDate } | null;
  items: DayItem[];
  pain: { score: number; note: string } | null;
}

/**
 * The day's programme as the patient sees it: the routine in force and the items scheduled on the
 * day's weekday, each with the sessions logged; and the day's pain report.
 */
async function planForDay(executor: Executor, patientId: string, day: IsoDate) {
  const read = await readDay(executor, patientId, day);
  if (!read.routine) return { routine: null, items: [], logged: new Map(), pain: read.pain };
  const { items: all, ...routine } = read.routine;
  const weekday = isoWeekday(day);
  const scheduled = all.filter((item) => isScheduledOn(item.daysMask, weekday));
  const items: DayItem[] = scheduled.map(({ daysMask: _daysMask, logged, ...item }) => ({
    ...item,
    done: logged.length,
  }));
  const logged = new Map(scheduled.map((item) => [item.id, item.logged]));
  return { routine, items, logged, pain: read.pain };
}

/** The signed-in patient's own day: what is prescribed, what is done, the pain score. */
export async function getOwnDayLog(actor: Actor, day: IsoDate): Promise<DayLog | null> {
  if (actor.role !== 'patient') return null;
  const record = await getPatientRecord(actor, actor.id);
  if (!record) return null;
  const profile = { physioName: record.physioName, dischargedOn: record.dischargedOn };
  const { routine, items, pain } = await planForDay(await getDb(), actor.id, day);
  return {
    date: day,
    ...profile,
    routine,
    items,
    pain: pain ? { score: pain.score, note: pain.note } : null,
  };
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
  return withLockedPatientOnce(
    actor,
    actor.id,
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
    (tx, profile, keep) => saveChanges(tx, actor, input, today, profile.dischargedOn, keep),
  );
}

async function saveChanges(
  tx: Executor,
  actor: Actor,
  input: DayLogInput,
  today: IsoDate,
  dischargedOn: IsoDate | null,
  keep: KeepResult<SavedDay>,
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

  const { added, undone, counts: done } = sessionChanges(actor, input, net, planned, plan.logged);
  const { pain, painScore } = painChange(actor, input, plan.pain);

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
  // The result is known before the write, so it is kept by the write's own statement.
  await writeDay(tx, { patientId: actor.id, added, undone, pain, kept: keep(saved) });
  return ok(saved);
}

/**
 * Adds or undoes sessions per item, each kept between none and its times per day: added sessions
 * take the lowest free numbers, an undo takes back the highest. Returns the rows to add, the ids to
 * take back and each changed item's count.
 */
function sessionChanges(
  actor: Actor,
  input: DayLogInput,
  net: Map<string, number>,
  planned: Map<string, DayItem>,
  logged: Map<string, LoggedSession[]>,
) {
  const counts = new Map<string, number>();
  const added: DayWrites['added'] = [];
  const undone: string[] = [];
  for (const [itemId, change] of net) {
    const item = planned.get(itemId)!;
    const mine = logged.get(itemId) ?? [];
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
  return { added, undone, counts };
}

/**
 * The pain score and the note, each only when sent: an older screen that did not touch them
 * leaves what another device recorded. A new report needs a score; a note alone updates the day's
 * report. Returns the write, if any, and the day's score after the save.
 */
function painChange(
  actor: Actor,
  input: DayLogInput,
  existing: DayRead['pain'],
): { pain: DayWrites['pain']; painScore: number | null } {
  if (input.pain === undefined && input.note === undefined) {
    return { pain: null, painScore: existing?.score ?? null };
  }
  if (existing) {
    const set = {
      ...(input.pain === undefined ? {} : { score: input.pain }),
      ...(input.note === undefined ? {} : { note: input.note }),
      idempotencyKey: input.idempotencyKey,
      updatedAt: new Date(),
    };
    return {
      pain: { kind: 'update', id: existing.id, set },
      painScore: input.pain ?? existing.score,
    };
  }
  if (input.pain !== undefined) {
    const values = {
      patientId: actor.id,
      reportedOn: input.date,
      score: input.pain,
      note: input.note ?? '',
      idempotencyKey: input.idempotencyKey,
    };
    return { pain: { kind: 'insert', values }, painScore: input.pain };
  }
  if (input.note) reject('Choose a pain score to save a note with it.', 'pain');
  return { pain: null, painScore: null };
}
