import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { weeklyTotals } from '@/db/metrics';
import type { Actor } from '@/db/queries/actor';
import {
  endRoutine,
  getRoutineForEditing,
  listRoutineHistory,
  resolveRoutineTemplate,
  saveRoutine,
} from '@/db/queries/routines';
import { completions, exercises, patientProfiles, routineItems, routines } from '@/db/schema';
import { seedLibrary } from '@/db/seed';
import type { IsoDate } from '@/lib/dates';
import { LUMBAR_EXTENSION_AND_BRIDGING } from '@/lib/routine-templates';
import type { RoutineInput } from '@/lib/validation/routine';
import { EVERY_DAY, maskFromWeekdays } from '@/lib/weekdays';
import { setupTestDatabase } from './helpers/database';
import { createPatient, createUser } from './helpers/fixtures';

// 2026-10-26 and 2026-11-02 are Mondays.
const MON1 = '2026-10-26';
const MON2 = '2026-11-02';
const TUE2 = '2026-11-03';
const SUN2 = '2026-11-08';
const MON_WED_FRI = maskFromWeekdays([1, 3, 5]);

type Item = RoutineInput['items'][number];

describe('routine builder: versions, edits and endings', () => {
  const db = setupTestDatabase();
  const ids: Record<'pressUp' | 'bridge' | 'birdDog' | 'deadBug', string> = {
    pressUp: '',
    bridge: '',
    birdDog: '',
    deadBug: '',
  };

  beforeAll(async () => {
    await seedLibrary(db());
    const rows = await db().select({ id: exercises.id, key: exercises.libraryKey }).from(exercises);
    const byKey = new Map(rows.map((r) => [r.key, r.id]));
    ids.pressUp = byKey.get('prone-press-up')!;
    ids.bridge = byKey.get('bridge-single-leg-extension')!;
    ids.birdDog = byKey.get('bird-dog')!;
    ids.deadBug = byKey.get('dead-bug')!;
  });

  const item = (exerciseId: string, dose: Partial<Item> = {}): Item => ({
    exerciseId,
    sets: 2,
    reps: 10,
    holdSeconds: null,
    daysMask: EVERY_DAY,
    timesPerDay: 1,
    note: '',
    ...dose,
  });

  const programme = (
    startDate: IsoDate,
    items: Item[],
    extra: Partial<RoutineInput> = {},
  ): RoutineInput => ({ title: 'Back programme', startDate, endDate: null, items, ...extra });

  async function physioWithPatient() {
    const physio = await createUser(db(), { role: 'physio', name: 'Dr Builder' });
    const patient = await createPatient(db(), physio, { name: 'Pat Builder' });
    return { physio, patient };
  }

  async function save(
    physio: Actor,
    patientId: string,
    input: RoutineInput,
    today: IsoDate,
    idempotencyKey?: string,
  ) {
    const outcome = await saveRoutine(physio, patientId, input, today, { idempotencyKey });
    if (!outcome.ok) throw new Error(`save refused: ${JSON.stringify(outcome)}`);
    return outcome.value;
  }

  async function itemsOf(routineId: string) {
    return db()
      .select()
      .from(routineItems)
      .where(eq(routineItems.routineId, routineId))
      .orderBy(asc(routineItems.position));
  }

  async function log(patientId: string, routineItemId: string, performedOn: IsoDate, session = 1) {
    await db().insert(completions).values({
      patientId,
      routineItemId,
      performedOn,
      session,
      idempotencyKey: randomUUID(),
    });
  }

  async function versionsOf(patientId: string) {
    return db()
      .select()
      .from(routines)
      .where(eq(routines.patientId, patientId))
      .orderBy(asc(routines.startDate));
  }

  async function weeks(patientId: string, today: IsoDate) {
    const totals = await weeklyTotals(db(), { scope: { patientId }, today });
    return totals.map(({ patientId: _id, painSum: _s, painReports: _r, ...week }) => week);
  }

  async function rowCounts() {
    const [r] = await db().select({ n: count() }).from(routines);
    const [i] = await db().select({ n: count() }).from(routineItems);
    const [c] = await db().select({ n: count() }).from(completions);
    return { routines: r?.n, items: i?.n, completions: c?.n };
  }

  it('saves a programme with its items in order, and the builder reads it back', async () => {
    const { physio, patient } = await physioWithPatient();
    const saved = await save(
      physio,
      patient.id,
      programme(MON2, [
        item(ids.bridge, { sets: 2, reps: 6, holdSeconds: 3, daysMask: MON_WED_FRI }),
        item(ids.pressUp, { sets: 1, reps: 10, holdSeconds: 2, timesPerDay: 2, note: 'Slowly' }),
      ]),
      MON2,
    );
    expect(saved).toEqual({
      routineId: expect.any(String),
      endedPrevious: null,
      replaced: 0,
      carriedOver: 0,
    });

    const editing = await getRoutineForEditing(physio, patient.id, MON2);
    expect(editing?.patient).toEqual({ id: patient.id, name: 'Pat Builder', dischargedOn: null });
    expect(editing?.routine).toEqual({
      id: saved.routineId,
      title: 'Back programme',
      startDate: MON2,
      endDate: null,
      items: [
        expect.objectContaining({
          exerciseId: ids.bridge,
          exerciseName: 'Bridge with single-leg extension',
          sets: 2,
          reps: 6,
          holdSeconds: 3,
          daysMask: MON_WED_FRI,
          timesPerDay: 1,
        }),
        expect.objectContaining({
          exerciseId: ids.pressUp,
          exerciseName: 'Prone press-up (lumbar extension)',
          timesPerDay: 2,
          note: 'Slowly',
        }),
      ],
    });
    expect(await listRoutineHistory(physio, patient.id)).toEqual([
      expect.objectContaining({
        id: saved.routineId,
        startDate: MON2,
        endDate: null,
        itemCount: 2,
        previousRoutineId: null,
        createdByName: 'Dr Builder',
      }),
    ]);
  });

  it("editing it the next day leaves the previous week's adherence as it was", async () => {
    const { physio, patient } = await physioWithPatient();
    // Monday of week 1: press-up twice a day every day, bridge Mon/Wed/Fri.
    const v1 = await save(
      physio,
      patient.id,
      programme(MON1, [
        item(ids.pressUp, { timesPerDay: 2 }),
        item(ids.bridge, { daysMask: MON_WED_FRI }),
      ]),
      MON1,
    );
    const [pressUp1, bridge1] = await itemsOf(v1.routineId);
    for (let day = 26; day <= 31; day++) await log(patient.id, pressUp1!.id, `2026-10-${day}`);
    await log(patient.id, pressUp1!.id, '2026-11-01');
    await log(patient.id, pressUp1!.id, '2026-10-26', 2);
    await log(patient.id, pressUp1!.id, '2026-10-27', 2);
    await log(patient.id, bridge1!.id, '2026-10-26');
    await log(patient.id, bridge1!.id, '2026-10-30');
    // Monday of week 2, then the physio changes the programme the next day.
    await log(patient.id, pressUp1!.id, MON2);
    await log(patient.id, bridge1!.id, MON2);

    const before = await weeks(patient.id, MON2);
    // Week 1: press-up 7 × 2 + bridge 3 × 1 = 17 prescribed; 7 + 2 + 2 = 11 done.
    expect(before).toEqual([
      { weekStart: MON1, prescribedSessions: 17, completedSessions: 11 },
      { weekStart: MON2, prescribedSessions: 3, completedSessions: 2 },
    ]);

    const v2 = await save(
      physio,
      patient.id,
      programme(TUE2, [item(ids.pressUp, { timesPerDay: 1 }), item(ids.birdDog)], {
        title: 'Back programme, week 2',
      }),
      TUE2,
    );
    expect(v2.endedPrevious).toEqual({ id: v1.routineId, title: 'Back programme', endDate: MON2 });
    const [pressUp2, birdDog2] = await itemsOf(v2.routineId);
    await log(patient.id, pressUp2!.id, TUE2);
    await log(patient.id, birdDog2!.id, '2026-11-04');

    const after = await weeks(patient.id, SUN2);
    expect(after[0]).toEqual(before[0]);
    // Week 2: Monday under version 1 (3 prescribed, 2 done); Tue–Sun under version 2
    // (press-up 1 + bird dog 1 = 2 a day, 12 in all; 2 done).
    expect(after[1]).toEqual({ weekStart: MON2, prescribedSessions: 15, completedSessions: 4 });

    const versions = await versionsOf(patient.id);
    expect(versions.map((v) => [v.id, v.startDate, v.endDate, v.previousRoutineId])).toEqual([
      [v1.routineId, MON1, MON2, null],
      [v2.routineId, TUE2, null, v1.routineId],
    ]);
    // Version 1's items are untouched, doses included.
    expect(await itemsOf(v1.routineId)).toEqual([
      expect.objectContaining({ id: pressUp1!.id, timesPerDay: 2 }),
      expect.objectContaining({ id: bridge1!.id, daysMask: MON_WED_FRI }),
    ]);
    const editing = await getRoutineForEditing(physio, patient.id, TUE2);
    expect(editing?.routine?.id).toBe(v2.routineId);
    expect((await listRoutineHistory(physio, patient.id))?.map((v) => v.id)).toEqual([
      v2.routineId,
      v1.routineId,
    ]);
  });

  it("an edit on the same day carries today's completions over to the new version", async () => {
    const { physio, patient } = await physioWithPatient();
    const v1 = await save(
      physio,
      patient.id,
      programme(MON1, [
        item(ids.pressUp, { timesPerDay: 2 }),
        item(ids.bridge, { timesPerDay: 2 }),
      ]),
      MON1,
    );
    const [pressUp1, bridge1] = await itemsOf(v1.routineId);
    await log(patient.id, pressUp1!.id, MON2);
    await log(patient.id, pressUp1!.id, TUE2, 1);
    await log(patient.id, pressUp1!.id, TUE2, 2);
    await log(patient.id, bridge1!.id, TUE2, 1);
    await log(patient.id, bridge1!.id, TUE2, 2);

    // Tuesday: bird dog first, press-up down to once a day, bridge up to three times.
    const v2 = await save(
      physio,
      patient.id,
      programme(TUE2, [
        item(ids.birdDog),
        item(ids.pressUp, { timesPerDay: 1 }),
        item(ids.bridge, { timesPerDay: 3 }),
      ]),
      TUE2,
    );
    // Press-up: one of two fits once a day; bridge: both.
    expect(v2.carriedOver).toBe(3);
    const [, pressUp2, bridge2] = await itemsOf(v2.routineId);
    const today = await db()
      .select({ item: completions.routineItemId, session: completions.session })
      .from(completions)
      .where(and(eq(completions.patientId, patient.id), eq(completions.performedOn, TUE2)))
      .orderBy(asc(completions.session));
    expect(today).toHaveLength(4);
    expect(today.filter((c) => c.item === pressUp2!.id)).toEqual([
      { item: pressUp2!.id, session: 1 },
    ]);
    expect(today.filter((c) => c.item === bridge2!.id).map((c) => c.session)).toEqual([1, 2]);
    // The one over the new cap stays, uncounted, on the old item; Monday's stays where it was.
    expect(today.filter((c) => c.item === pressUp1!.id)).toHaveLength(1);
    // Monday: v1 (2 + 2) prescribed, 1 done; Tuesday: v2 (1 + 1 + 3), 1 + 2 done.
    expect((await weeks(patient.id, TUE2)).at(-1)).toEqual({
      weekStart: MON2,
      prescribedSessions: 9,
      completedSessions: 4,
    });

    // A second correction the same day that drops the bridge, which the patient has already
    // done twice today, is refused: nothing the patient logged is ever deleted.
    const dropped = await saveRoutine(
      physio,
      patient.id,
      programme(TUE2, [item(ids.pressUp, { timesPerDay: 2 })]),
      TUE2,
    );
    expect(dropped).toMatchObject({ ok: false, reason: 'invalid', field: 'startDate' });
    expect((await versionsOf(patient.id)).map((v) => v.id)).toEqual([v1.routineId, v2.routineId]);
    expect(
      await db()
        .select({ item: completions.routineItemId })
        .from(completions)
        .where(and(eq(completions.patientId, patient.id), eq(completions.performedOn, TUE2))),
    ).toHaveLength(4);

    // One that keeps the bridge replaces the version saved this morning, and takes today's logs.
    const v3 = await save(
      physio,
      patient.id,
      programme(TUE2, [
        item(ids.pressUp, { timesPerDay: 2 }),
        item(ids.bridge, { timesPerDay: 2 }),
      ]),
      TUE2,
    );
    expect(v3.replaced).toBe(1);
    expect(v3.endedPrevious).toBeNull();
    const versions = await versionsOf(patient.id);
    expect(versions.map((v) => [v.id, v.startDate, v.endDate, v.previousRoutineId])).toEqual([
      [v1.routineId, MON1, MON2, null],
      [v3.routineId, TUE2, null, v1.routineId],
    ]);
    expect(await itemsOf(v2.routineId)).toEqual([]);
    // Both press-ups of today (one was over v2's cap) now count against the new twice-a-day item.
    const [pressUp3, bridge3] = await itemsOf(v3.routineId);
    const todayNow = await db()
      .select({ item: completions.routineItemId, session: completions.session })
      .from(completions)
      .where(and(eq(completions.patientId, patient.id), eq(completions.performedOn, TUE2)))
      .orderBy(asc(completions.routineItemId), asc(completions.session));
    expect(todayNow).toHaveLength(4);
    expect(todayNow.filter((c) => c.item === pressUp3!.id).map((c) => c.session)).toEqual([1, 2]);
    expect(todayNow.filter((c) => c.item === bridge3!.id).map((c) => c.session)).toEqual([1, 2]);
    expect((await weeks(patient.id, TUE2)).at(-1)).toEqual({
      weekStart: MON2,
      prescribedSessions: 8,
      completedSessions: 5,
    });
  });

  it("a back-dated version over days with no routine replaces today's and takes its logs", async () => {
    const { physio, patient } = await physioWithPatient();
    const v1 = await save(physio, patient.id, programme(MON1, [item(ids.pressUp)]), MON1);
    // Ended on the Thursday of week 1; on Tuesday of week 2 the physio starts a new one.
    await endRoutine(physio, patient.id, { endDate: '2026-10-29' }, '2026-10-29');
    const v2 = await save(physio, patient.id, programme(TUE2, [item(ids.bridge)]), TUE2);
    const [bridge2] = await itemsOf(v2.routineId);
    await log(patient.id, bridge2!.id, TUE2);
    const before = await weeks(patient.id, TUE2);

    // That afternoon they record that it was handed over on paper on Sunday.
    const v3 = await save(
      physio,
      patient.id,
      programme('2026-11-01', [item(ids.bridge), item(ids.pressUp)]),
      TUE2,
    );
    expect(v3).toMatchObject({ endedPrevious: null, replaced: 1, carriedOver: 1 });
    const versions = await versionsOf(patient.id);
    expect(versions.map((v) => [v.startDate, v.endDate, v.previousRoutineId])).toEqual([
      [MON1, '2026-10-29', null],
      ['2026-11-01', null, v1.routineId],
    ]);
    // Week 1 keeps Mon–Thu of version 1 and gains the Sunday that had no routine.
    const after = await weeks(patient.id, TUE2);
    expect(before[0]).toEqual({ weekStart: MON1, prescribedSessions: 4, completedSessions: 0 });
    expect(after[0]).toEqual({ weekStart: MON1, prescribedSessions: 6, completedSessions: 0 });
    expect(after[1]).toEqual({ weekStart: MON2, prescribedSessions: 4, completedSessions: 1 });
  });

  it('refuses a start on a day when a version that began before today was in force', async () => {
    const { physio, patient } = await physioWithPatient();
    const v1 = await save(physio, patient.id, programme(MON1, [item(ids.pressUp)]), MON1);
    const [pressUp1] = await itemsOf(v1.routineId);
    for (const day of ['2026-10-26', '2026-10-29', '2026-10-30', '2026-11-02']) {
      await log(patient.id, pressUp1!.id, day);
    }
    const weeksBefore = await weeks(patient.id, TUE2);
    const before = await rowCounts();
    // Recording on Tuesday a change "made on paper last Friday" would rewrite week 1 (from 7
    // prescribed sessions to 10), so it is refused, as is a start on the first version's own day.
    for (const startDate of ['2026-10-30', MON1]) {
      const outcome = await saveRoutine(
        physio,
        patient.id,
        programme(startDate, [item(ids.bridge), item(ids.pressUp)]),
        TUE2,
      );
      expect(outcome).toEqual({
        ok: false,
        reason: 'invalid',
        field: 'startDate',
        message: expect.stringMatching(
          /^“Back programme” has been in force since Mon,? 26 Oct 2026\. Start the new version today/,
        ),
      });
    }
    expect(await rowCounts()).toEqual(before);
    expect(await weeks(patient.id, TUE2)).toEqual(weeksBefore);
  });

  it('ends the current programme today or on a chosen day, never before today', async () => {
    const { physio, patient } = await physioWithPatient();
    const v1 = await save(physio, patient.id, programme(MON1, [item(ids.pressUp)]), MON1);

    for (const endDate of ['2026-10-20', MON2]) {
      expect(await endRoutine(physio, patient.id, { endDate }, TUE2)).toEqual({
        ok: false,
        reason: 'invalid',
        field: 'endDate',
        message: expect.stringMatching(/cannot be before today/),
      });
    }
    expect(await endRoutine(physio, patient.id, { endDate: TUE2 }, TUE2)).toEqual({
      ok: true,
      value: { routineId: v1.routineId, title: 'Back programme', endDate: TUE2 },
    });
    const [version] = await versionsOf(patient.id);
    expect(version?.endDate).toBe(TUE2);
    // Still in force today (the end date is inclusive); from tomorrow there is nothing current.
    expect((await getRoutineForEditing(physio, patient.id, TUE2))?.routine?.id).toBe(v1.routineId);
    expect((await getRoutineForEditing(physio, patient.id, '2026-11-04'))?.routine).toBeNull();
    expect(await endRoutine(physio, patient.id, { endDate: '2026-11-04' }, '2026-11-04')).toEqual(
      expect.objectContaining({ ok: false, reason: 'invalid' }),
    );

    // A new version after an ended one links back to it and leaves its dates alone.
    const v2 = await save(
      physio,
      patient.id,
      programme('2026-11-04', [item(ids.bridge)]),
      '2026-11-04',
    );
    expect(v2.endedPrevious).toBeNull();
    const versions = await versionsOf(patient.id);
    expect(versions.map((v) => [v.startDate, v.endDate, v.previousRoutineId])).toEqual([
      [MON1, TUE2, null],
      ['2026-11-04', null, v1.routineId],
    ]);
  });

  it('another physio, a patient and an admin get "not found", and nothing is written', async () => {
    const { physio, patient } = await physioWithPatient();
    await save(physio, patient.id, programme(MON1, [item(ids.pressUp)]), MON1);
    const otherPhysio = await createUser(db(), { role: 'physio' });
    const admin = await createUser(db(), { role: 'admin' });
    const before = await rowCounts();

    for (const actor of [otherPhysio, patient, admin]) {
      expect(
        await saveRoutine(actor, patient.id, programme(TUE2, [item(ids.bridge)]), TUE2),
      ).toEqual({
        ok: false,
        reason: 'not_found',
      });
      expect(await endRoutine(actor, patient.id, { endDate: TUE2 }, TUE2)).toEqual({
        ok: false,
        reason: 'not_found',
      });
      expect(await getRoutineForEditing(actor, patient.id, TUE2)).toBeNull();
    }
    expect(await listRoutineHistory(otherPhysio, patient.id)).toBeNull();
    // The patient may read their own history; an admin everyone's.
    expect(await listRoutineHistory(patient, patient.id)).toHaveLength(1);
    expect(await listRoutineHistory(admin, patient.id)).toHaveLength(1);
    // An unknown or malformed id is simply not found.
    expect(
      await saveRoutine(physio, randomUUID(), programme(TUE2, [item(ids.bridge)]), TUE2),
    ).toEqual({
      ok: false,
      reason: 'not_found',
    });
    expect(await getRoutineForEditing(physio, 'not-a-uuid', TUE2)).toBeNull();
    expect(await rowCounts()).toEqual(before);
  });

  it('rejects invalid programmes with a message for the field, and writes nothing', async () => {
    const { physio, patient } = await physioWithPatient();
    const before = await rowCounts();
    const refused = async (input: RoutineInput, today = TUE2) => {
      const outcome = await saveRoutine(physio, patient.id, input, today);
      if (outcome.ok || outcome.reason !== 'invalid') throw new Error('expected a refusal');
      return { field: outcome.field, message: outcome.message };
    };

    expect(
      await refused(programme(TUE2, [item(ids.pressUp), item(ids.bridge, { sets: 0 })])),
    ).toEqual({
      field: 'items.1.sets',
      message: 'Sets must be a whole number from 1 to 20.',
    });
    expect(await refused(programme(TUE2, [item(ids.pressUp, { daysMask: 0 })]))).toEqual({
      field: 'items.0.daysMask',
      message: 'Choose at least one day.',
    });
    expect(await refused(programme(TUE2, [item(ids.pressUp, { timesPerDay: 4 })]))).toEqual({
      field: 'items.0.timesPerDay',
      message: 'Times per day must be 1, 2 or 3.',
    });
    expect(await refused(programme(TUE2, []))).toEqual({
      field: 'items',
      message: 'Add at least one exercise.',
    });
    expect(await refused(programme('2026-08-04', [item(ids.pressUp)]))).toEqual({
      field: 'startDate',
      message: 'The start date can be at most 90 days ago.',
    });
    expect(await refused(programme('2026-11-04', [item(ids.pressUp)]))).toEqual({
      field: 'startDate',
      message: expect.stringContaining('cannot be in the future'),
    });
    expect(await refused(programme(TUE2, [item(ids.pressUp)], { endDate: MON2 }))).toEqual({
      field: 'endDate',
      message: 'The end date cannot be in the past. Choose today or a later day.',
    });
    expect(await refused(programme(TUE2, [item(ids.pressUp)], { title: '   ' }))).toEqual({
      field: 'title',
      message: 'Give the routine a title.',
    });

    // Exercises: another physio's own, an unknown id, an archived one.
    const otherPhysio = await createUser(db(), { role: 'physio' });
    const [theirs, archived] = await db()
      .insert(exercises)
      .values([
        {
          name: 'Their private exercise',
          bodyRegion: 'core',
          instructions: '1. Something.',
          defaultSets: 1,
          defaultReps: 1,
          authorId: otherPhysio.id,
        },
        {
          name: 'My archived exercise',
          bodyRegion: 'core',
          instructions: '1. Something.',
          defaultSets: 1,
          defaultReps: 1,
          authorId: physio.id,
          archived: true,
        },
      ])
      .returning({ id: exercises.id });
    expect(await refused(programme(TUE2, [item(ids.pressUp), item(theirs!.id)]))).toEqual({
      field: 'items.1.exerciseId',
      message: expect.stringContaining('not in your library'),
    });
    expect(await refused(programme(TUE2, [item(randomUUID())]))).toEqual({
      field: 'items.0.exerciseId',
      message: expect.stringContaining('not in your library'),
    });
    expect(await refused(programme(TUE2, [item(archived!.id)]))).toEqual({
      field: 'items.0.exerciseId',
      message: expect.stringContaining('archived'),
    });
    expect(await rowCounts()).toEqual(before);
  });

  it('keeps an exercise archived since it was prescribed, but only in a version that has it', async () => {
    const { physio, patient } = await physioWithPatient();
    const [own] = await db()
      .insert(exercises)
      .values({
        name: 'Own wall slide',
        bodyRegion: 'legs',
        instructions: '1. Slide.',
        defaultSets: 1,
        defaultReps: 5,
        authorId: physio.id,
      })
      .returning({ id: exercises.id });
    await save(physio, patient.id, programme(MON1, [item(own!.id)]), MON1);
    await db().update(exercises).set({ archived: true }).where(eq(exercises.id, own!.id));

    const kept = await saveRoutine(
      physio,
      patient.id,
      programme(TUE2, [item(own!.id, { sets: 3 })]),
      TUE2,
    );
    expect(kept.ok).toBe(true);

    const other = await createPatient(db(), physio);
    const refused = await saveRoutine(physio, other.id, programme(TUE2, [item(own!.id)]), TUE2);
    expect(refused).toEqual(expect.objectContaining({ ok: false, field: 'items.0.exerciseId' }));
  });

  it('refuses changes for a discharged patient', async () => {
    const { physio, patient } = await physioWithPatient();
    await db()
      .update(patientProfiles)
      .set({ dischargedOn: MON2 })
      .where(eq(patientProfiles.userId, patient.id));
    const outcome = await saveRoutine(
      physio,
      patient.id,
      programme(TUE2, [item(ids.pressUp)]),
      TUE2,
    );
    expect(outcome).toEqual(
      expect.objectContaining({ ok: false, message: expect.stringContaining('discharged') }),
    );
    expect((await getRoutineForEditing(physio, patient.id, TUE2))?.patient.dischargedOn).toBe(MON2);
  });

  it('two saves at the same moment leave one open version', async () => {
    const { physio, patient } = await physioWithPatient();
    await save(physio, patient.id, programme(MON1, [item(ids.pressUp)]), MON1);
    const results = await Promise.all([
      saveRoutine(physio, patient.id, programme(TUE2, [item(ids.bridge)]), TUE2),
      saveRoutine(physio, patient.id, programme(TUE2, [item(ids.birdDog)]), TUE2),
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    const open = await db()
      .select({ id: routines.id })
      .from(routines)
      .where(and(eq(routines.patientId, patient.id), isNull(routines.endDate)));
    expect(open).toHaveLength(1);
    // The first ended version 1 yesterday; the second replaced the first's same-day version.
    const versions = await versionsOf(patient.id);
    expect(versions.map((v) => [v.startDate, v.endDate])).toEqual([
      [MON1, MON2],
      [TUE2, null],
    ]);
  });

  it('the same form sent twice (double tap, retry) saves once', async () => {
    const { physio, patient } = await physioWithPatient();
    const key = randomUUID();
    const input = programme(TUE2, [item(ids.pressUp)]);
    const [first, second] = await Promise.all([
      saveRoutine(physio, patient.id, input, TUE2, { idempotencyKey: key }),
      saveRoutine(physio, patient.id, input, TUE2, { idempotencyKey: key }),
    ]);
    expect(first).toEqual(second);
    expect(first.ok).toBe(true);
    expect(await versionsOf(patient.id)).toHaveLength(1);
    const replay = await saveRoutine(physio, patient.id, input, TUE2, { idempotencyKey: key });
    expect(replay).toEqual(first);

    // The same key for another patient is refused rather than answered with this result.
    const other = await createPatient(db(), physio);
    const misuse = await saveRoutine(physio, other.id, input, TUE2, { idempotencyKey: key });
    expect(misuse).toEqual(expect.objectContaining({ ok: false, reason: 'invalid' }));
    expect(await versionsOf(other.id)).toHaveLength(0);
  });

  it('resolves the starting template to shipped exercises, for physios only', async () => {
    const { physio, patient } = await physioWithPatient();
    const template = await resolveRoutineTemplate(physio, LUMBAR_EXTENSION_AND_BRIDGING);
    expect(template?.items.map((i) => i.exerciseId).slice(0, 2)).toEqual([ids.pressUp, ids.bridge]);
    expect(template?.items).toHaveLength(LUMBAR_EXTENSION_AND_BRIDGING.items.length);
    expect(await resolveRoutineTemplate(patient, LUMBAR_EXTENSION_AND_BRIDGING)).toBeNull();
    // The template saves as it is.
    const outcome = await saveRoutine(
      physio,
      patient.id,
      programme(TUE2, template!.items, { title: template!.title }),
      TUE2,
    );
    expect(outcome.ok).toBe(true);
  });
});
