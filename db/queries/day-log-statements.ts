import 'server-only';
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { rowsOf } from '@/db/metrics';
import { completions, exercises, painReports, routineItems, routines } from '@/db/schema';
import type { IsoDate } from '@/lib/dates';

/*
 * The day log's two statements: everything a save (or the Today page) reads about a patient's day
 * in one, and everything a save writes in one, the result kept for a replay included. A save used
 * to take up to seven statements for these; each is a round trip in which the patient's lock is
 * held, and most of a save's time on the server went to sending and answering statements rather
 * than to the database's work. scripts/bench/saves.ts `rawSave` sends the same statements: keep
 * the two in step.
 */

/** One session of an item logged on the day. */
export interface LoggedSession {
  id: string;
  session: number;
}

export interface PlannedItem {
  id: string;
  exerciseId: string;
  exerciseName: string;
  instructions: string;
  sets: number;
  reps: number;
  holdSeconds: number | null;
  daysMask: number;
  timesPerDay: number;
  note: string;
  /** The sessions logged on the day, the highest first (an undo takes those back first). */
  logged: LoggedSession[];
}

export interface DayRead {
  /** The routine version in force on the day, with all its items in order. */
  routine: { id: string; title: string; startDate: IsoDate; items: PlannedItem[] } | null;
  pain: { id: string; score: number; note: string } | null;
}

/** postgres.js and PGlite parse `json` themselves; a driver that does not would hand over text. */
const fromJson = <T>(value: unknown): T =>
  (typeof value === 'string' ? JSON.parse(value) : value) as T;

/**
 * The patient's day: the routine in force (start on or before the day, no end or an end on or
 * after it), its items with their exercise and the sessions logged that day, and the day's pain
 * report. Run under the patient's lock, it sees what every earlier save left.
 */
export async function readDay(
  executor: Executor,
  patientId: string,
  day: IsoDate,
): Promise<DayRead> {
  const logged = sql`(
    select coalesce(
      json_agg(json_build_object('id', ${completions.id}, 'session', ${completions.session})
               order by ${completions.session} desc),
      '[]'::json)
    from ${completions}
    where ${completions.routineItemId} = ${routineItems.id}
      and ${completions.performedOn} = ${day}
      and ${completions.patientId} = ${patientId}
  )`;
  const items = sql`(
    select coalesce(
      json_agg(json_build_object(
        'id', ${routineItems.id},
        'exerciseId', ${routineItems.exerciseId},
        'exerciseName', ${exercises.name},
        'instructions', ${exercises.instructions},
        'sets', ${routineItems.sets},
        'reps', ${routineItems.reps},
        'holdSeconds', ${routineItems.holdSeconds},
        'daysMask', ${routineItems.daysMask},
        'timesPerDay', ${routineItems.timesPerDay},
        'note', ${routineItems.note},
        'logged', ${logged}
      ) order by ${routineItems.position}),
      '[]'::json)
    from ${routineItems}
    inner join ${exercises} on ${exercises.id} = ${routineItems.exerciseId}
    where ${routineItems.routineId} = ${routines.id}
  )`;
  const result = await executor.execute(sql`
    select
      (select json_build_object(
         'id', ${routines.id}, 'title', ${routines.title}, 'startDate', ${routines.startDate},
         'items', ${items})
       from ${routines}
       where ${routines.patientId} = ${patientId}
         and ${routines.startDate} <= ${day}
         and (${routines.endDate} is null or ${routines.endDate} >= ${day})
       limit 1) as routine,
      (select json_build_object(
         'id', ${painReports.id}, 'score', ${painReports.score}, 'note', ${painReports.note})
       from ${painReports}
       where ${painReports.patientId} = ${patientId} and ${painReports.reportedOn} = ${day}) as pain
  `);
  const [row] = rowsOf<{ routine: unknown; pain: unknown }>(result);
  return {
    routine: row?.routine ? fromJson<NonNullable<DayRead['routine']>>(row.routine) : null,
    pain: row?.pain ? fromJson<NonNullable<DayRead['pain']>>(row.pain) : null,
  };
}

/** What a save writes, each part only when there is something to write. */
export interface DayWrites {
  patientId: string;
  added: (typeof completions.$inferInsert)[];
  /** Ids of the patient's completions to take back. */
  undone: string[];
  /** The day's report changed (by id) or created; none when neither score nor note was sent. */
  pain:
    | { kind: 'update'; id: string; set: Partial<typeof painReports.$inferInsert> }
    | { kind: 'insert'; values: typeof painReports.$inferInsert }
    | null;
  /** The save's result kept under its idempotency key (withIdempotency's KeepResult), if any. */
  kept?: SQL;
}

/**
 * Writes a save's completions added and taken back, its pain report and its kept result in one
 * statement, each write a part of its `with` (they touch different rows: an item is either added
 * to or undone).
 */
export async function writeDay(tx: Executor, writes: DayWrites): Promise<void> {
  const parts: SQL[] = [];
  if (writes.added.length > 0) {
    parts.push(sql`added as (${tx.insert(completions).values(writes.added).getSQL()})`);
  }
  if (writes.undone.length > 0) {
    const undo = tx
      .delete(completions)
      .where(
        and(eq(completions.patientId, writes.patientId), inArray(completions.id, writes.undone)),
      );
    parts.push(sql`undone as (${undo.getSQL()})`);
  }
  const { pain } = writes;
  if (pain?.kind === 'update') {
    const update = tx
      .update(painReports)
      .set(pain.set)
      .where(and(eq(painReports.patientId, writes.patientId), eq(painReports.id, pain.id)));
    parts.push(sql`pain as (${update.getSQL()})`);
  } else if (pain?.kind === 'insert') {
    parts.push(sql`pain as (${tx.insert(painReports).values(pain.values).getSQL()})`);
  }
  // Last, as withIdempotency would send it after the write.
  if (writes.kept) parts.push(sql`kept as (${writes.kept})`);
  if (parts.length === 0) return;
  await tx.execute(sql`with ${sql.join(parts, sql`, `)} select 1`);
}
