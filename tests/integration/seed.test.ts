import { and, asc, count, eq, gte, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, formatDemoLogins, seedAll } from '@/db/seed';
import { exerciseLibrary } from '@/db/seed/exercise-library';
import {
  completions,
  exercises,
  painReports,
  patientProfiles,
  routineItems,
  routines,
  users,
} from '@/db/schema';
import { addDays, weekStart } from '@/lib/dates';
import { verifyPassword } from '@/lib/passwords';
import { setupTestDatabase } from './helpers/database';

const TODAY = '2026-03-18';
const WEEK_AGO = addDays(TODAY, -6);

describe('seedAll', () => {
  const db = setupTestDatabase();
  let firstRun: Awaited<ReturnType<typeof seedAll>>;

  beforeAll(async () => {
    firstRun = await seedAll(db(), { today: TODAY });
  });

  async function userByEmail(email: string) {
    const [user] = await db().select().from(users).where(eq(users.email, email));
    if (!user) throw new Error(`no user ${email}`);
    return user;
  }

  async function rowCounts() {
    const [u] = await db().select({ n: count() }).from(users);
    const [e] = await db().select({ n: count() }).from(exercises);
    const [c] = await db().select({ n: count() }).from(completions);
    const [p] = await db().select({ n: count() }).from(painReports);
    const [r] = await db().select({ n: count() }).from(routines);
    return { users: u?.n, exercises: e?.n, completions: c?.n, painReports: p?.n, routines: r?.n };
  }

  it('reports what it created', () => {
    expect(firstRun).toEqual({ libraryAdded: exerciseLibrary.length, demoCreated: true });
  });

  it('ships a lumbar exercise library including the two founding exercises', async () => {
    const shipped = await db()
      .select()
      .from(exercises)
      .where(and(isNull(exercises.authorId), eq(exercises.archived, false)));
    expect(shipped.length).toBeGreaterThanOrEqual(20);

    const pressUp = shipped.find((e) => e.name === 'Prone press-up (lumbar extension)');
    expect(pressUp?.bodyRegion).toBe('lower_back');
    expect(pressUp?.instructions).toMatch(/hips on the floor/i);
    const bridge = shipped.find((e) => e.name === 'Bridge with single-leg extension');
    expect(bridge?.instructions).toMatch(/straighten one leg/i);
  });

  it('creates one admin, three physios and thirty patients', async () => {
    const byRole = await db()
      .select({ role: users.role, n: count() })
      .from(users)
      .groupBy(users.role)
      .orderBy(asc(users.role));
    expect(byRole).toEqual([
      { role: 'admin', n: 1 },
      { role: 'physio', n: 3 },
      { role: 'patient', n: 30 },
    ]);
  });

  it("puts patient@demo.test on physio@demo.test's caseload", async () => {
    const patient = await userByEmail('patient@demo.test');
    const physio = await userByEmail('physio@demo.test');
    const [profile] = await db()
      .select()
      .from(patientProfiles)
      .where(eq(patientProfiles.userId, patient.id));
    expect(profile?.physioId).toBe(physio.id);
    expect(profile?.condition).not.toBe('');
    expect(profile?.goal).not.toBe('');
  });

  it('gives patient@demo.test a changed programme whose active version has both founding exercises', async () => {
    const patient = await userByEmail('patient@demo.test');
    const versions = await db()
      .select()
      .from(routines)
      .where(eq(routines.patientId, patient.id))
      .orderBy(asc(routines.startDate));
    expect(versions).toHaveLength(2);
    const [older, newer] = versions;
    expect(older?.endDate).not.toBeNull();
    expect(older!.endDate! < newer!.startDate).toBe(true);
    expect(newer?.previousRoutineId).toBe(older?.id);
    expect(newer?.endDate).toBeNull();

    const active = await db()
      .select({ name: exercises.name })
      .from(routineItems)
      .innerJoin(exercises, eq(exercises.id, routineItems.exerciseId))
      .where(eq(routineItems.routineId, newer!.id));
    expect(active.map((e) => e.name)).toEqual(
      expect.arrayContaining([
        'Prone press-up (lumbar extension)',
        'Bridge with single-leg extension',
      ]),
    );
  });

  it('gives patient@demo.test about twelve weeks of pain reports and completions', async () => {
    const patient = await userByEmail('patient@demo.test');
    const reports = await db()
      .select({ reportedOn: painReports.reportedOn })
      .from(painReports)
      .where(eq(painReports.patientId, patient.id));
    expect(new Set(reports.map((r) => weekStart(r.reportedOn))).size).toBeGreaterThanOrEqual(10);

    const [done] = await db()
      .select({ n: count() })
      .from(completions)
      .where(eq(completions.patientId, patient.id));
    expect(done?.n).toBeGreaterThan(100);
  });

  it('gives every patient a programme', async () => {
    const withoutRoutine = await db()
      .select({ email: users.email })
      .from(users)
      .leftJoin(routines, eq(routines.patientId, users.id))
      .where(and(eq(users.role, 'patient'), isNull(routines.id)));
    expect(withoutRoutine).toEqual([]);
  });

  it('includes a patient who has gone quiet and one who has just started', async () => {
    const patients = await db()
      .select({ id: users.id })
      .from(users)
      .where(eq(users.role, 'patient'));
    const recentlyDone = await db()
      .selectDistinct({ id: completions.patientId })
      .from(completions)
      .where(gte(completions.performedOn, WEEK_AGO));
    const recentlyReported = await db()
      .selectDistinct({ id: painReports.patientId })
      .from(painReports)
      .where(gte(painReports.reportedOn, WEEK_AGO));
    const active = new Set([...recentlyDone, ...recentlyReported].map((r) => r.id));
    expect(patients.filter((p) => !active.has(p.id)).length).toBeGreaterThanOrEqual(1);

    const newProgrammes = await db()
      .select({ id: routines.id })
      .from(routines)
      .where(and(gte(routines.startDate, WEEK_AGO), isNull(routines.previousRoutineId)));
    expect(newProgrammes.length).toBeGreaterThanOrEqual(1);
  });

  it('lets the demo patient sign in with the demo password', async () => {
    const patient = await userByEmail('patient@demo.test');
    expect(patient.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(patient.passwordHash!, DEMO_PASSWORD)).toBe(true);
    expect(await verifyPassword(patient.passwordHash!, 'not-the-demo-password')).toBe(false);
  });

  it('lists the demo logins for the start-up message', () => {
    const text = formatDemoLogins();
    for (const expected of [
      'admin@demo.test',
      'physio@demo.test',
      'patient@demo.test',
      DEMO_PASSWORD,
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('adds nothing when run again', async () => {
    const before = await rowCounts();
    const again = await seedAll(db(), { today: addDays(TODAY, 1) });
    expect(again).toEqual({ libraryAdded: 0, demoCreated: false });
    expect(await rowCounts()).toEqual(before);
  });
});
