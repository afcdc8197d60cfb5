import { randomUUID } from 'node:crypto';
import { eq, inArray, or } from 'drizzle-orm';
import type { Database } from '@/db/client';
import type { Actor } from '@/db/queries/actor';
import { createApiToken } from '@/db/queries/api-tokens';
import { createExercise } from '@/db/queries/exercises';
import { startFhirExport } from '@/db/queries/fhir-export';
import { buildPendingFhirExports } from '@/db/fhir-export-worker';
import { createSetPasswordToken } from '@/db/queries/set-password';
import { saveOwnDayLog } from '@/db/queries/day-log';
import { saveRoutine } from '@/db/queries/routines';
import {
  exercises,
  painReports,
  patientProfiles,
  routineItems,
  routines,
  users,
} from '@/db/schema';
import { clinicToday } from '@/lib/clinic-today';
import { addDays, type IsoDate } from '@/lib/dates';
import { EVERY_DAY } from '@/lib/weekdays';
import type { IdentityName } from '../../support/authorisation-table';
import { PASSWORD, createUser } from './fixtures';
import { signIn, signedOut, type Identity } from './identities';

/**
 * A small clinic with two sides that must never see each other: physio A and their patients
 * ("A's records", every text of which says "Alder"), and physio B with theirs ("Birch"), plus an
 * admin and three accounts (a patient, a physio, an admin) that signed in and were then
 * deactivated. Its factories make fresh records of A's for a test to act on.
 */
export interface ClinicWorld {
  db: Database;
  today: IsoDate;
  physioA: Actor;
  physioB: Actor;
  patientA: Actor;
  patientB: Actor;
  admin: Actor;
  /** Each identity of the matrix; `deactivated` has one per role. */
  identities: Record<Exclude<IdentityName, 'deactivated'>, Identity> & {
    deactivated: Identity[];
  };
  /** Accounts to deactivate once signed in (the caller does it through the admin's action). */
  toDeactivate: Actor[];
  /** A shipped library exercise (no author), for programmes. */
  libraryExerciseId: string;
  /** An exercise of physio A's own, in patient A's programme. */
  exerciseA: string;
  /** Patient A's programme items, as today's log shows them. */
  patientAItemIds: string[];
  /** Patient A's programme items with their exercises, in order (the last is A's own exercise). */
  patientAItems: { id: string; exerciseId: string }[];
  /** An idempotency key physio A has used. */
  keyOfA: string;
  patientOfA(options?: {
    password?: boolean;
    discharged?: boolean;
    routineSince?: IsoDate;
  }): Promise<Actor>;
  exerciseOfA(): Promise<string>;
  /** A set-password token for a patient of A who has none yet. */
  linkOfA(): Promise<{ token: string; patient: Actor }>;
  /** An active API token reading physio A's caseload, made by the admin: its id. */
  apiTokenOfA(): Promise<string>;
  /** A Bulk Data export the admin asked for (not yet built): its job id. */
  exportOfAdmin(): Promise<string>;
  /** Every name, email, id and free text of A's side, as stored now. */
  markersOfA(): Promise<string[]>;
}

let counter = 0;
const unique = () => `${(counter += 1)}-${randomUUID().slice(0, 6)}`;

async function addProfile(
  db: Database,
  patient: Actor,
  physio: Actor,
  side: string,
  dischargedOn: IsoDate | null = null,
) {
  await db.insert(patientProfiles).values({
    userId: patient.id,
    physioId: physio.id,
    condition: `${side}: lumbar pain after lifting`,
    goal: `${side}: walk the dog for 30 minutes`,
    dischargedOn,
  });
}

async function programme(
  physio: Actor,
  patientId: string,
  side: string,
  exerciseIds: string[],
  startDate: IsoDate,
  today: IsoDate,
): Promise<void> {
  const saved = await saveRoutine(
    physio,
    patientId,
    {
      title: `${side} home programme`,
      startDate,
      endDate: null,
      items: exerciseIds.map((exerciseId) => ({
        exerciseId,
        sets: 2,
        reps: 10,
        holdSeconds: null,
        daysMask: EVERY_DAY,
        timesPerDay: 2,
        note: `${side}: go gently`,
      })),
    },
    today,
  );
  if (!saved.ok) throw new Error(`programme not saved: ${JSON.stringify(saved)}`);
}

async function privateExercise(physio: Actor, side: string): Promise<string> {
  const created = await createExercise(physio, {
    name: `${side} bridge march ${unique()}`,
    bodyRegion: 'core',
    instructions: `1. ${side}: lie on your back.\n2. Lift your hips.`,
    defaultSets: 2,
    defaultReps: 8,
    defaultHoldSeconds: null,
    mediaUrl: null,
  });
  if (!created.ok) throw new Error('exercise not created');
  return created.value.id;
}

export async function buildClinicWorld(db: Database): Promise<ClinicWorld> {
  const today = clinicToday();
  const admin = await createUser(db, { role: 'admin', name: 'Ash Admin' });
  const physioA = await createUser(db, {
    role: 'physio',
    name: 'Alder Physio',
    email: 'alder.physio@clinic.test',
  });
  const physioB = await createUser(db, {
    role: 'physio',
    name: 'Birch Physio',
    email: 'birch.physio@clinic.test',
  });
  const patientA = await createUser(db, {
    role: 'patient',
    name: 'Alder Patient',
    email: 'alder.patient@clinic.test',
  });
  const patientB = await createUser(db, {
    role: 'patient',
    name: 'Birch Patient',
    email: 'birch.patient@clinic.test',
  });
  await addProfile(db, patientA, physioA, 'Alder');
  await addProfile(db, patientB, physioB, 'Birch');

  const [library] = await db
    .insert(exercises)
    .values({
      libraryKey: 'matrix-pelvic-tilt',
      name: 'Pelvic tilt',
      bodyRegion: 'lower_back',
      instructions: '1. Lie on your back.\n2. Flatten your back.',
      defaultSets: 2,
      defaultReps: 10,
      authorId: null,
    })
    .returning({ id: exercises.id });
  const libraryExerciseId = library!.id;

  const exerciseA = await privateExercise(physioA, 'Alder');
  const exerciseB = await privateExercise(physioB, 'Birch');
  await programme(physioA, patientA.id, 'Alder', [libraryExerciseId, exerciseA], today, today);
  await programme(physioB, patientB.id, 'Birch', [libraryExerciseId, exerciseB], today, today);
  const logged = await saveOwnDayLog(
    patientA,
    {
      idempotencyKey: randomUUID(),
      date: today,
      exercises: {},
      pain: 4,
      note: 'Alder: stiff after the long drive',
    },
    today,
  );
  if (!logged.ok) throw new Error('pain report not saved');
  const keyOfA = randomUUID();
  const keyed = await createExercise(
    physioA,
    {
      name: 'Alder keyed exercise',
      bodyRegion: 'hips',
      instructions: '1. Alder: stand tall.',
      defaultSets: 1,
      defaultReps: 5,
      defaultHoldSeconds: null,
      mediaUrl: null,
    },
    { idempotencyKey: keyOfA },
  );
  if (!keyed.ok) throw new Error('keyed exercise not created');

  const patientAItems = await db
    .select({ id: routineItems.id, exerciseId: routineItems.exerciseId })
    .from(routineItems)
    .innerJoin(routines, eq(routines.id, routineItems.routineId))
    .where(eq(routines.patientId, patientA.id))
    .orderBy(routineItems.position);
  const patientAItemIds = patientAItems.map((row) => row.id);

  const deactivatedPatient = await createUser(db, { role: 'patient', name: 'Alder Gone Patient' });
  await addProfile(db, deactivatedPatient, physioA, 'Alder');
  const deactivatedPhysio = await createUser(db, { role: 'physio', name: 'Gone Physio' });
  const deactivatedAdmin = await createUser(db, { role: 'admin', name: 'Gone Admin' });

  const identities = {
    signedOut: signedOut(),
    patientA: await signIn('patient A', patientA, PASSWORD),
    patientB: await signIn('patient B', patientB, PASSWORD),
    physioA: await signIn('physio A', physioA, PASSWORD),
    physioB: await signIn('physio B', physioB, PASSWORD),
    admin: await signIn('admin', admin, PASSWORD),
    deactivated: [
      await signIn('deactivated patient', deactivatedPatient, PASSWORD),
      await signIn('deactivated physio', deactivatedPhysio, PASSWORD),
      await signIn('deactivated admin', deactivatedAdmin, PASSWORD),
    ],
  };

  async function patientOfA(
    options: { password?: boolean; discharged?: boolean; routineSince?: IsoDate } = {},
  ): Promise<Actor> {
    const patient = await createUser(db, {
      role: 'patient',
      name: `Alder Patient ${unique()}`,
      withPassword: options.password ?? true,
    });
    await addProfile(db, patient, physioA, 'Alder', options.discharged ? addDays(today, -1) : null);
    if (options.routineSince) {
      await programme(
        physioA,
        patient.id,
        'Alder',
        [libraryExerciseId],
        options.routineSince,
        today,
      );
    }
    return patient;
  }

  async function markersOfA(): Promise<string[]> {
    const people = await db
      .select({ id: users.id, name: users.name, email: users.email })
      .from(users)
      .leftJoin(patientProfiles, eq(patientProfiles.userId, users.id))
      .where(or(eq(users.id, physioA.id), eq(patientProfiles.physioId, physioA.id)));
    const patientIds = people.map((p) => p.id).filter((id) => id !== physioA.id);
    const [profiles, programmes, items, pain, authored] = await Promise.all([
      db
        .select({ condition: patientProfiles.condition, goal: patientProfiles.goal })
        .from(patientProfiles)
        .where(eq(patientProfiles.physioId, physioA.id)),
      db
        .select({ id: routines.id, title: routines.title })
        .from(routines)
        .where(inArray(routines.patientId, patientIds)),
      db
        .select({ id: routineItems.id, note: routineItems.note })
        .from(routineItems)
        .innerJoin(routines, eq(routines.id, routineItems.routineId))
        .where(inArray(routines.patientId, patientIds)),
      db
        .select({ note: painReports.note })
        .from(painReports)
        .where(inArray(painReports.patientId, patientIds)),
      db
        .select({ id: exercises.id, name: exercises.name, instructions: exercises.instructions })
        .from(exercises)
        .where(eq(exercises.authorId, physioA.id)),
    ]);
    const texts = [
      ...people.flatMap((p) => [p.id, p.name, p.email]),
      ...profiles.flatMap((p) => [p.condition, p.goal]),
      ...programmes.flatMap((r) => [r.id, r.title]),
      ...items.flatMap((i) => [i.id, i.note]),
      ...pain.map((p) => p.note),
      ...authored.flatMap((e) => [e.id, e.name, e.instructions]),
    ];
    return [...new Set(texts.filter((t): t is string => typeof t === 'string' && t.length >= 6))];
  }

  return {
    db,
    today,
    physioA,
    physioB,
    patientA,
    patientB,
    admin,
    identities,
    toDeactivate: [deactivatedPatient, deactivatedPhysio, deactivatedAdmin],
    libraryExerciseId,
    exerciseA,
    patientAItemIds,
    patientAItems,
    keyOfA,
    patientOfA,
    exerciseOfA: () => privateExercise(physioA, 'Alder'),
    async linkOfA() {
      const patient = await patientOfA({ password: false });
      const token = await createSetPasswordToken(db, { userId: patient.id, createdBy: physioA.id });
      return { token, patient };
    },
    async apiTokenOfA() {
      const created = await createApiToken(admin, {
        name: `Alder EHR ${unique()}`,
        scope: 'caseload',
        physioId: physioA.id,
        lifetimeDays: 30,
      });
      if (!created.ok) throw new Error('API token not created');
      return created.value.id;
    },
    async exportOfAdmin() {
      const started = await startFhirExport(admin, {
        level: 'system',
        types: ['Patient'],
        requestUrl: 'http://127.0.0.1:3000/fhir/R4/$export?_type=Patient',
        today,
      });
      if (!started.ok) throw new Error('export not started');
      // Built at once, so it has files and never counts against the admin's three at a time.
      await buildPendingFhirExports(async () => db);
      return started.value.id;
    },
    markersOfA,
  };
}

/** Strings an answer must not contain: A's markers, less what the caller sent itself. */
export function leakedMarkers(answerText: string, markers: string[], sent: string[]): string[] {
  const own = sent.join('\n');
  return markers.filter((marker) => answerText.includes(marker) && !own.includes(marker));
}
