import { randomUUID } from 'node:crypto';
import type { Database } from '@/db/client';
import {
  completions,
  exercises,
  painReports,
  patientProfiles,
  routineItems,
  routines,
  users,
} from '@/db/schema';
import type { PatientStory } from '../../support/metrics-reference';

/** Writes a patient's story (routine versions, logs) to the database; returns the patient id. */
export async function insertStory(
  db: Database,
  options: { physioId: string; exerciseId: string },
  story: PatientStory,
): Promise<string> {
  const patientId = randomUUID();
  await db.insert(users).values({
    id: patientId,
    email: `story-${patientId}@clinic.test`,
    name: 'Story patient',
    role: 'patient',
  });
  await db.insert(patientProfiles).values({
    userId: patientId,
    physioId: options.physioId,
    dischargedOn: story.dischargedOn,
  });

  const itemIds = new Map<string, string>();
  let previousRoutineId: string | null = null;
  for (const routine of story.routines) {
    const routineId = randomUUID();
    await db.insert(routines).values({
      id: routineId,
      patientId,
      createdBy: options.physioId,
      previousRoutineId,
      title: 'Programme',
      startDate: routine.startDate,
      endDate: routine.endDate,
    });
    previousRoutineId = routineId;
    if (routine.items.length > 0) {
      await db.insert(routineItems).values(
        routine.items.map((item, position) => {
          const id = randomUUID();
          itemIds.set(item.key, id);
          return {
            id,
            routineId,
            exerciseId: options.exerciseId,
            position,
            sets: 2,
            reps: 10,
            daysMask: item.daysMask,
            timesPerDay: item.timesPerDay,
          };
        }),
      );
    }
  }
  if (story.completions.length > 0) {
    await db.insert(completions).values(
      story.completions.map((c) => ({
        patientId,
        routineItemId: itemIds.get(c.itemKey)!,
        performedOn: c.date,
        session: c.session,
        idempotencyKey: randomUUID(),
      })),
    );
  }
  if (story.pain.length > 0) {
    await db.insert(painReports).values(
      story.pain.map((p) => ({
        patientId,
        reportedOn: p.date,
        score: p.score,
        idempotencyKey: randomUUID(),
      })),
    );
  }
  return patientId;
}

export async function createStoryAuthor(db: Database) {
  const physioId = randomUUID();
  await db.insert(users).values({
    id: physioId,
    email: `physio-${physioId}@clinic.test`,
    name: 'Physio',
    role: 'physio',
  });
  const [exercise] = await db
    .insert(exercises)
    .values({
      name: 'Pelvic tilt',
      bodyRegion: 'lower_back',
      instructions: '1. Lie on your back.',
      defaultSets: 2,
      defaultReps: 10,
      authorId: physioId,
    })
    .returning({ id: exercises.id });
  return { physioId, exerciseId: exercise!.id };
}
