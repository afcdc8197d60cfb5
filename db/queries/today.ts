import 'server-only';
import { and, asc, eq, gte, isNull, lte, or } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { exercises, patientProfiles, routineItems, routines, users } from '@/db/schema';
import { isoWeekday, type IsoDate } from '@/lib/dates';
import { isScheduledOn } from '@/lib/weekdays';
import type { Actor } from './actor';

export interface TodayItem {
  id: string;
  exerciseName: string;
  instructions: string;
  sets: number;
  reps: number;
  holdSeconds: number | null;
  timesPerDay: number;
  note: string;
}

export interface TodayPlan {
  physioName: string;
  routine: { id: string; title: string; startDate: string } | null;
  items: TodayItem[];
}

/** The signed-in patient's own programme for a day; null for anyone who is not a patient. */
export async function getOwnPlanForDay(actor: Actor, day: IsoDate): Promise<TodayPlan | null> {
  if (actor.role !== 'patient') return null;
  const db = await getDb();
  const [profile] = await db
    .select({ physioName: users.name })
    .from(patientProfiles)
    .innerJoin(users, eq(users.id, patientProfiles.physioId))
    .where(eq(patientProfiles.userId, actor.id));
  if (!profile) return null;

  const [routine] = await db
    .select({ id: routines.id, title: routines.title, startDate: routines.startDate })
    .from(routines)
    .where(
      and(
        eq(routines.patientId, actor.id),
        lte(routines.startDate, day),
        or(isNull(routines.endDate), gte(routines.endDate, day)),
      ),
    )
    .limit(1);
  if (!routine) return { physioName: profile.physioName, routine: null, items: [] };

  const rows = await db
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
    })
    .from(routineItems)
    .innerJoin(exercises, eq(exercises.id, routineItems.exerciseId))
    .where(eq(routineItems.routineId, routine.id))
    .orderBy(asc(routineItems.position));

  const weekday = isoWeekday(day);
  const items = rows
    .filter((row) => isScheduledOn(row.daysMask, weekday))
    .map(({ daysMask: _daysMask, ...item }) => item);
  return { physioName: profile.physioName, routine, items };
}
