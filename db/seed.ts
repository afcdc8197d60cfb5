import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import type { Database, Executor } from '@/db/client';
import {
  completions,
  exercises,
  painReports,
  patientProfiles,
  routineItems,
  routines,
  users,
  type Role,
} from '@/db/schema';
import type { IsoDate } from '@/lib/dates';
import { hashPassword } from '@/lib/passwords';
import { itemDose } from '@/lib/routine-item';
import {
  DEMO_ADMIN_EMAIL,
  DEMO_PATIENT_EMAIL,
  DEMO_PHYSIO_EMAIL,
  generateDemoClinic,
} from './seed/demo-clinic';
import { seedDemoOutcomes } from './seed/demo-outcomes';
import { exerciseLibrary } from './seed/exercise-library';

export const DEMO_PASSWORD = 'adhere-demo-password';

export const DEMO_LOGINS: readonly { role: Role; email: string }[] = [
  { role: 'admin', email: DEMO_ADMIN_EMAIL },
  { role: 'physio', email: DEMO_PHYSIO_EMAIL },
  { role: 'patient', email: DEMO_PATIENT_EMAIL },
];

// Well under PostgreSQL's 65,535 bind parameters per statement for every table seeded here.
const CHUNK_SIZE = 1000;

async function insertInChunks<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += CHUNK_SIZE) {
    await insert(rows.slice(i, i + CHUNK_SIZE));
  }
}

/** Adds the shipped exercises that are missing; returns how many were added. */
export async function seedLibrary(db: Executor): Promise<number> {
  const added = await db
    .insert(exercises)
    .values(exerciseLibrary.map((exercise) => ({ ...exercise, authorId: null })))
    .onConflictDoNothing({ target: exercises.libraryKey })
    .returning({ id: exercises.id });
  return added.length;
}

async function demoClinicExists(db: Executor): Promise<boolean> {
  const [admin] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, DEMO_ADMIN_EMAIL))
    .limit(1);
  return admin !== undefined;
}

/**
 * Creates the demo clinic (accounts, caseloads and about twelve weeks of history ending `today`)
 * unless it is already there. All or nothing: a half-seeded clinic would never be completed,
 * because the next start would find the admin and skip it.
 */
export async function seedDemoClinic(
  db: Database,
  options: { today: IsoDate },
): Promise<{ created: boolean }> {
  if (await demoClinicExists(db)) return { created: false };

  const clinic = generateDemoClinic(options.today);
  const demoPatientRef = clinic.users.find((u) => u.email === DEMO_PATIENT_EMAIL)?.ref;
  // Hashed outside the transaction so it is not held open during the slow part; one hash per
  // account so that no two accounts share a salt.
  const hashes = await Promise.all(clinic.users.map(() => hashPassword(DEMO_PASSWORD)));

  const ids = new Map<string, string>();
  const idOf = (ref: string): string => {
    let id = ids.get(ref);
    if (!id) {
      id = randomUUID();
      ids.set(ref, id);
    }
    return id;
  };

  return db.transaction(async (tx) => {
    await seedLibrary(tx);
    const libraryKeys = [...new Set(clinic.routineItems.map((item) => item.libraryKey))];
    const shipped = await tx
      .select({ id: exercises.id, libraryKey: exercises.libraryKey })
      .from(exercises)
      .where(inArray(exercises.libraryKey, libraryKeys));
    const exerciseIds = new Map(shipped.map((e) => [e.libraryKey, e.id]));
    const exerciseIdOf = (key: string): string => {
      const id = exerciseIds.get(key);
      if (!id) throw new Error(`shipped exercise ${key} is missing from the database`);
      return id;
    };

    const [admin, ...others] = clinic.users.map((user, i) => ({
      id: idOf(user.ref),
      email: user.email,
      name: user.name,
      role: user.role,
      passwordHash: hashes[i] as string,
    }));
    if (!admin) throw new Error('the demo clinic has no admin');
    // Another process starting at the same moment may have seeded first: the unique email makes
    // this insert wait for it and then find the admin already there.
    const inserted = await tx
      .insert(users)
      .values(admin)
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id });
    if (inserted.length === 0) return { created: false };

    await insertInChunks(others, (chunk) => tx.insert(users).values(chunk));
    await insertInChunks(clinic.profiles, (chunk) =>
      tx.insert(patientProfiles).values(
        chunk.map((profile) => ({
          userId: idOf(profile.userRef),
          physioId: idOf(profile.physioRef),
          dateOfBirth: profile.dateOfBirth,
          condition: profile.condition,
          goal: profile.goal,
        })),
      ),
    );
    // Versions are listed oldest first, so a previous version always exists before its successor.
    await insertInChunks(clinic.routines, (chunk) =>
      tx.insert(routines).values(
        chunk.map((routine) => ({
          id: idOf(routine.ref),
          patientId: idOf(routine.patientRef),
          createdBy: idOf(routine.createdByRef),
          previousRoutineId: routine.previousRoutineRef ? idOf(routine.previousRoutineRef) : null,
          title: routine.title,
          startDate: routine.startDate,
          endDate: routine.endDate,
        })),
      ),
    );
    await insertInChunks(clinic.routineItems, (chunk) =>
      tx.insert(routineItems).values(
        chunk.map((item) => ({
          id: idOf(item.ref),
          routineId: idOf(item.routineRef),
          exerciseId: exerciseIdOf(item.libraryKey),
          position: item.position,
          ...itemDose(item),
        })),
      ),
    );
    await insertInChunks(clinic.completions, (chunk) =>
      tx.insert(completions).values(
        chunk.map((completion) => ({
          patientId: idOf(completion.patientRef),
          routineItemId: idOf(completion.routineItemRef),
          performedOn: completion.performedOn,
          session: completion.session,
          idempotencyKey: completion.idempotencyKey,
        })),
      ),
    );
    await insertInChunks(clinic.painReports, (chunk) =>
      tx.insert(painReports).values(
        chunk.map((report) => ({
          patientId: idOf(report.patientRef),
          reportedOn: report.reportedOn,
          score: report.score,
          note: report.note,
          idempotencyKey: report.idempotencyKey,
        })),
      ),
    );
    const demoProfile = clinic.profiles.find((p) => p.userRef === demoPatientRef);
    if (demoProfile && demoPatientRef) {
      const waiting = clinic.profiles.find(
        (p) => p.physioRef === demoProfile.physioRef && p.userRef !== demoPatientRef,
      );
      await seedDemoOutcomes(tx, {
        today: options.today,
        physioId: idOf(demoProfile.physioRef),
        demoPatientId: idOf(demoPatientRef),
        waitingPatientId: waiting ? idOf(waiting.userRef) : null,
      });
    }
    return { created: true };
  });
}

/** The shipped library (topped up on every start) and, once, the demo clinic. */
export async function seedAll(
  db: Database,
  options: { today: IsoDate },
): Promise<{ libraryAdded: number; demoCreated: boolean }> {
  const libraryAdded = await seedLibrary(db);
  const { created } = await seedDemoClinic(db, options);
  return { libraryAdded, demoCreated: created };
}

export function formatDemoLogins(): string {
  const width = Math.max(...DEMO_LOGINS.map((login) => login.role.length));
  return [
    'Demo accounts:',
    ...DEMO_LOGINS.map((login) => `  ${login.role.padEnd(width)}  ${login.email}`),
    `  password: ${DEMO_PASSWORD}`,
  ].join('\n');
}
