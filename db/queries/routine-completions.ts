import 'server-only';
import { and, asc, count, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { Executor, Transaction } from '@/db/client';
import { completions, exercises, routineItems } from '@/db/schema';
import type { IsoDate } from '@/lib/dates';

const UPDATE_CHUNK = 500;

/** How many of its sessions a patient did of one routine item on one day. */
export interface ItemDay {
  patientId: string;
  routineId: string;
  routineItemId: string;
  exerciseId: string;
  exerciseName: string;
  position: number;
  performedOn: IsoDate;
  sessions: number;
  timesPerDay: number;
}

/**
 * A patient's completions counted per item and day (between `from` and `to`, inclusive, when
 * given), for the record page and the FHIR export. Newest first lists the days from the latest
 * and each day's items in programme order; otherwise the days from the earliest, items by id.
 * The patient is one the caller has already found visible.
 */
export async function completionDays(
  db: Executor,
  patientId: string,
  options: { from?: IsoDate; to?: IsoDate; newestFirst?: boolean } = {},
): Promise<ItemDay[]> {
  return db
    .select({
      patientId: completions.patientId,
      routineId: routineItems.routineId,
      routineItemId: completions.routineItemId,
      exerciseId: routineItems.exerciseId,
      exerciseName: exercises.name,
      position: routineItems.position,
      performedOn: completions.performedOn,
      sessions: count(),
      timesPerDay: routineItems.timesPerDay,
    })
    .from(completions)
    .innerJoin(routineItems, eq(routineItems.id, completions.routineItemId))
    .innerJoin(exercises, eq(exercises.id, routineItems.exerciseId))
    .where(
      and(
        eq(completions.patientId, patientId),
        options.from ? gte(completions.performedOn, options.from) : undefined,
        options.to ? lte(completions.performedOn, options.to) : undefined,
      ),
    )
    .groupBy(
      completions.patientId,
      routineItems.id,
      completions.routineItemId,
      exercises.name,
      completions.performedOn,
    )
    .orderBy(
      ...(options.newestFirst
        ? [desc(completions.performedOn), asc(routineItems.position)]
        : [asc(completions.performedOn), asc(completions.routineItemId)]),
    );
}

/**
 * The rows of `completionDays` (oldest first) as one SQL query, for the bulk export to read through
 * a cursor: the same columns, grouping and order, with dates as ISO text as the builder gives them.
 */
export function completionDaysQuery(patientId: string): SQL {
  return sql`
    select ${completions.patientId}::text as "patientId",
           ${routineItems.routineId}::text as "routineId",
           ${completions.routineItemId}::text as "routineItemId",
           ${routineItems.exerciseId}::text as "exerciseId",
           ${exercises.name} as "exerciseName",
           ${completions.performedOn}::text as "performedOn",
           count(*)::int as "sessions",
           ${routineItems.timesPerDay}::int as "timesPerDay"
    from ${completions}
    join ${routineItems} on ${routineItems.id} = ${completions.routineItemId}
    join ${exercises} on ${exercises.id} = ${routineItems.exerciseId}
    where ${completions.patientId} = ${patientId}
    group by ${completions.patientId}, ${routineItems.id}, ${completions.routineItemId},
             ${exercises.name}, ${completions.performedOn}
    order by ${completions.performedOn}, ${completions.routineItemId}
  `;
}

/** An item of the new version, which completions can move to. */
export interface MovableItem {
  id: string;
  exerciseId: string;
  position: number;
  timesPerDay: number;
}

/**
 * Moves the patient's completions logged on or after `since` (all on items of versions that no
 * longer run on those days, since the new version has none yet) to the new version: per day, each
 * exercise's completions go to the first new item with that exercise, numbered 1…times per day;
 * any beyond that, or of an exercise no longer prescribed, stay where they are.
 */
export async function moveCompletions(
  tx: Transaction,
  options: {
    patientId: string;
    since: IsoDate;
    to: MovableItem[];
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
