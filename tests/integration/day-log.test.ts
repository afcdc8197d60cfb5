import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it, vi } from 'vitest';
import { getOwnDayLog, saveOwnDayLog } from '@/db/queries/day-log';
import {
  completions,
  exercises,
  painReports,
  patientProfiles,
  routineItems,
  routines,
} from '@/db/schema';
import { PROGRAMME_ENDED } from '@/lib/day-log';
import type { DayLogInput } from '@/lib/validation/day-log';
import { setupTestDatabase } from './helpers/database';
import { createPatient, createUser } from './helpers/fixtures';

const TODAY = '2026-11-25';

describe("a patient's day log", () => {
  const db = setupTestDatabase();

  async function patientWithProgramme() {
    const physio = await createUser(db(), { role: 'physio' });
    const patient = await createPatient(db(), physio);
    const [exercise] = await db()
      .insert(exercises)
      .values({
        name: 'Bird dog',
        bodyRegion: 'core',
        instructions: '1. Kneel on all fours.',
        defaultSets: 2,
        defaultReps: 8,
        authorId: physio.id,
      })
      .returning();
    const [routine] = await db()
      .insert(routines)
      .values({
        patientId: patient.id,
        createdBy: physio.id,
        title: 'Core',
        startDate: '2026-11-01',
      })
      .returning();
    const [once, twice] = await db()
      .insert(routineItems)
      .values([
        { routineId: routine!.id, exerciseId: exercise!.id, position: 0, sets: 2, reps: 8 },
        {
          routineId: routine!.id,
          exerciseId: exercise!.id,
          position: 1,
          sets: 1,
          reps: 5,
          timesPerDay: 2,
        },
      ])
      .returning();
    const exerciseId = exercise!.id;
    return { patient, physio, once: once!.id, twice: twice!.id, exerciseId };
  }

  const log = (over: Partial<DayLogInput>): DayLogInput => ({
    idempotencyKey: randomUUID(),
    date: TODAY,
    exercises: {},
    ...over,
  });
  /** Changes to items, all of one exercise (the programme above has only one). */
  const changes = (exerciseId: string, byItem: Record<string, number>) =>
    Object.fromEntries(
      Object.entries(byItem).map(([itemId, change]) => [itemId, { exerciseId, change }]),
    );

  async function rows(patientId: string) {
    const c = await db().select().from(completions).where(eq(completions.patientId, patientId));
    const p = await db().select().from(painReports).where(eq(painReports.patientId, patientId));
    return { completions: c, pain: p };
  }

  it('saves exercises and pain together and shows them again when reopened', async () => {
    const { patient, once, twice, exerciseId } = await patientWithProgramme();
    const saved = await saveOwnDayLog(
      patient,
      log({
        exercises: changes(exerciseId, { [once]: 1, [twice]: 2 }),
        pain: 6,
        note: 'Stiff after the drive',
      }),
      TODAY,
    );
    expect(saved).toEqual({
      ok: true,
      value: {
        date: TODAY,
        sessionsDone: 3,
        painScore: 6,
        items: [
          { itemId: once, exerciseId, exerciseName: 'Bird dog', timesPerDay: 1, done: 1 },
          { itemId: twice, exerciseId, exerciseName: 'Bird dog', timesPerDay: 2, done: 2 },
        ],
        programmeChanged: null,
        replayed: false,
      },
    });
    const day = await getOwnDayLog(patient, TODAY);
    expect(day?.items.map((i) => i.done)).toEqual([1, 2]);
    expect(day?.pain).toEqual({ score: 6, note: 'Stiff after the drive' });
  });

  it('saves in three statements: lock and claim the key, read the day, write it and keep the result', async () => {
    // Each statement is a round trip in which the patient's lock is held; the save used to take
    // nine, then five. Counted where drizzle turns every statement into SQL, on either driver.
    const { patient, once, twice, exerciseId } = await patientWithProgramme();
    await saveOwnDayLog(
      patient,
      log({ exercises: changes(exerciseId, { [once]: 1 }), pain: 4 }),
      TODAY,
    );
    const built = vi.spyOn(PgDialect.prototype, 'sqlToQuery');
    try {
      const saved = await saveOwnDayLog(
        patient,
        log({ exercises: changes(exerciseId, { [once]: -1, [twice]: 2 }), pain: 5, note: 'ok' }),
        TODAY,
      );
      expect(saved.ok && saved.value.sessionsDone).toBe(2);
      expect(built).toHaveBeenCalledTimes(3);
    } finally {
      built.mockRestore();
    }
  });

  it('writes a double-submitted or concurrently replayed submission exactly once', async () => {
    const { patient, twice, exerciseId } = await patientWithProgramme();
    const submission = log({ exercises: changes(exerciseId, { [twice]: 1 }), pain: 4 });
    const results = await Promise.all([
      saveOwnDayLog(patient, submission, TODAY),
      saveOwnDayLog(patient, submission, TODAY),
      saveOwnDayLog(patient, submission, TODAY),
    ]);
    await saveOwnDayLog(patient, submission, TODAY);
    for (const r of results)
      expect(r).toMatchObject({ ok: true, value: { date: TODAY, sessionsDone: 1, painScore: 4 } });
    expect(results.filter((r) => r.ok && !r.value.replayed)).toHaveLength(1);
    // Every one answers the first save's result, item by item (a replay reads the stored one).
    const [first, ...replays] = results.map((r) => r.ok && { ...r.value, replayed: undefined });
    for (const replay of replays) expect(replay).toEqual(first);
    const stored = await rows(patient.id);
    // "+1" sent three times at once under one key is one session, not three.
    expect(stored.completions).toHaveLength(1);
    expect(stored.pain).toHaveLength(1);
  });

  it('serialises concurrent saves with different keys on the patient, each adding to the last', async () => {
    const { patient, twice, exerciseId } = await patientWithProgramme();
    // Three "+1" from three devices at once on an item done twice a day: two sessions, the
    // third capped, and each answer counts what the saves before it left.
    const results = await Promise.all(
      [1, 2, 3].map((pain) =>
        saveOwnDayLog(
          patient,
          log({ exercises: changes(exerciseId, { [twice]: 1 }), pain }),
          TODAY,
        ),
      ),
    );
    expect(results.map((r) => r.ok && !r.value.replayed)).toEqual([true, true, true]);
    const done = results.map((r) =>
      r.ok ? r.value.items.find((i) => i.itemId === twice)?.done : -1,
    );
    expect([...done].sort()).toEqual([1, 2, 2]);
    const stored = await rows(patient.id);
    expect(stored.completions.map((c) => c.session).sort()).toEqual([1, 2]);
    expect(stored.pain).toHaveLength(1);
  });

  it('keeps the result of a save that writes nothing, for its replay', async () => {
    const { patient } = await patientWithProgramme();
    const nothing = log({});
    const saved = await saveOwnDayLog(patient, nothing, TODAY);
    expect(saved).toMatchObject({ ok: true, value: { sessionsDone: 0, replayed: false } });
    expect(await saveOwnDayLog(patient, nothing, TODAY)).toEqual(
      saved.ok && { ok: true, value: { ...saved.value, replayed: true } },
    );
  });

  it('returns the first result to a replay even after a later change', async () => {
    const { patient, once, exerciseId } = await patientWithProgramme();
    const first = log({ exercises: changes(exerciseId, { [once]: 1 }), pain: 5 });
    await saveOwnDayLog(patient, first, TODAY);
    await saveOwnDayLog(patient, log({ pain: 3 }), TODAY);
    // The dropped first request arriving late must not overwrite the newer pain score.
    expect(await saveOwnDayLog(patient, first, TODAY)).toMatchObject({
      ok: true,
      value: { painScore: 5, replayed: true },
    });
    expect((await rows(patient.id)).pain[0]?.score).toBe(3);
    expect((await rows(patient.id)).completions).toHaveLength(1);
  });

  it('replaces the day’s pain score and lets today’s exercises be undone', async () => {
    const { patient, once, twice, exerciseId } = await patientWithProgramme();
    await saveOwnDayLog(
      patient,
      log({ exercises: changes(exerciseId, { [once]: 1, [twice]: 2 }), pain: 7 }),
      TODAY,
    );
    await saveOwnDayLog(
      patient,
      log({ exercises: changes(exerciseId, { [once]: -1, [twice]: -1 }), pain: 5 }),
      TODAY,
    );
    const stored = await rows(patient.id);
    expect(stored.completions.map((c) => [c.routineItemId, c.session])).toEqual([[twice, 1]]);
    expect(stored.pain.map((p) => p.score)).toEqual([5]);
  });

  it('logs an earlier day of the last week, but undoes only on the same day', async () => {
    const { patient, once, exerciseId } = await patientWithProgramme();
    const yesterday = '2026-11-24';
    const tick = log({ date: yesterday, exercises: changes(exerciseId, { [once]: 1 }) });
    expect((await saveOwnDayLog(patient, tick, TODAY)).ok).toBe(true);
    const undo = log({ date: yesterday, exercises: changes(exerciseId, { [once]: -1 }), pain: 2 });
    expect(await saveOwnDayLog(patient, undo, TODAY)).toMatchObject({
      ok: false,
      reason: 'invalid',
      field: `exercises.${once}.change`,
    });
    // Refused as a whole: neither the undo nor the pain score of that save was written.
    expect(await rows(patient.id)).toMatchObject({ completions: [{}], pain: [] });
  });

  it('caps each exercise at its times per day, and never writes to another patient’s programme', async () => {
    const { patient, once, exerciseId } = await patientWithProgramme();
    const other = await patientWithProgramme();
    expect(
      await saveOwnDayLog(patient, log({ exercises: changes(exerciseId, { [once]: 3 }) }), TODAY),
    ).toMatchObject({ ok: true, value: { sessionsDone: 1 } });
    expect((await rows(patient.id)).completions).toHaveLength(1);
    // Another patient's item is not a programme that changed: it is refused as not found.
    const foreign = await saveOwnDayLog(
      patient,
      log({ exercises: changes(other.exerciseId, { [other.once]: 1 }) }),
      TODAY,
    );
    expect(foreign).toEqual({ ok: false, reason: 'not_found' });
    expect((await rows(patient.id)).completions).toHaveLength(1);
    expect((await rows(other.patient.id)).completions).toHaveLength(0);
  });

  it('refuses a note with no pain score for the day, and the refusal does not use up its key', async () => {
    const { patient, once, exerciseId } = await patientWithProgramme();
    const key = randomUUID();
    const noteOnly = log({
      idempotencyKey: key,
      exercises: changes(exerciseId, { [once]: 1 }),
      note: 'Sore',
    });
    expect(await saveOwnDayLog(patient, noteOnly, TODAY)).toMatchObject({
      ok: false,
      field: 'pain',
    });
    expect((await rows(patient.id)).completions).toHaveLength(0);
    // The corrected retry with the same key goes through.
    expect(await saveOwnDayLog(patient, { ...noteOnly, pain: 3 }, TODAY)).toMatchObject({
      ok: true,
      value: { sessionsDone: 1, painScore: 3, replayed: false },
    });
  });

  it('after a discharge keeps the discharge day loggable and refuses the days after it', async () => {
    const { patient, once, exerciseId } = await patientWithProgramme();
    await db()
      .update(patientProfiles)
      .set({ dischargedOn: '2026-11-24' })
      .where(eq(patientProfiles.userId, patient.id));
    const onTheDay = await saveOwnDayLog(patient, log({ date: '2026-11-24', pain: 3 }), TODAY);
    expect(onTheDay.ok).toBe(true);
    const after = await saveOwnDayLog(
      patient,
      log({ exercises: changes(exerciseId, { [once]: 1 }), pain: 2 }),
      TODAY,
    );
    expect(after).toMatchObject({ ok: false, reason: 'invalid', message: PROGRAMME_ENDED });
    expect((await rows(patient.id)).pain.map((p) => p.reportedOn)).toEqual(['2026-11-24']);
  });

  it('is for patients only', async () => {
    const { physio, once, exerciseId } = await patientWithProgramme();
    expect(
      await saveOwnDayLog(physio, log({ exercises: changes(exerciseId, { [once]: 1 }) }), TODAY),
    ).toEqual({ ok: false, reason: 'not_found' });
    expect(await getOwnDayLog(physio, TODAY)).toBeNull();
  });

  it('has the database refuse out-of-range pain and over-long notes, whatever the caller', async () => {
    const { patient } = await patientWithProgramme();
    for (const score of [-1, 11]) {
      await expect(
        db().insert(painReports).values({
          patientId: patient.id,
          reportedOn: TODAY,
          score,
          idempotencyKey: randomUUID(),
        }),
      ).rejects.toThrow();
    }
    await expect(
      db()
        .insert(painReports)
        .values({
          patientId: patient.id,
          reportedOn: TODAY,
          score: 3,
          note: 'x'.repeat(5000),
          idempotencyKey: randomUUID(),
        }),
    ).rejects.toThrow();
    const [n] = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(painReports)
      .where(and(eq(painReports.patientId, patient.id)));
    expect(n?.n).toBe(0);
  });
});
