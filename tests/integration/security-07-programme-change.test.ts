import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/db/queries/actor';
import { getOwnDayLog, saveOwnDayLog, type DayLog } from '@/db/queries/day-log';
import { saveRoutine } from '@/db/queries/routines';
import { completions, exercises, painReports } from '@/db/schema';
import { seedLibrary } from '@/db/seed';
import type { IsoDate } from '@/lib/dates';
import type { DayLogInput } from '@/lib/validation/day-log';
import type { RoutineInput } from '@/lib/validation/routine';
import { EVERY_DAY } from '@/lib/weekdays';
import { setupTestDatabase } from './helpers/database';
import { createPatient, createUser } from './helpers/fixtures';

const TODAY = '2026-11-25';
const YESTERDAY = '2026-11-24';

describe('Security finding 07: a routine change keeps the patient’s open form', () => {
  const db = setupTestDatabase();
  const ids = { pressUp: '', bridge: '', birdDog: '' };

  beforeAll(async () => {
    await seedLibrary(db());
    const rows = await db().select({ id: exercises.id, key: exercises.libraryKey }).from(exercises);
    const byKey = new Map(rows.map((r) => [r.key, r.id]));
    ids.pressUp = byKey.get('prone-press-up')!;
    ids.bridge = byKey.get('bridge-single-leg-extension')!;
    ids.birdDog = byKey.get('bird-dog')!;
  });

  const item = (exerciseId: string, timesPerDay = 1): RoutineInput['items'][number] => ({
    exerciseId,
    sets: 2,
    reps: 10,
    holdSeconds: null,
    daysMask: EVERY_DAY,
    timesPerDay,
    note: '',
  });

  async function physioSaves(
    physio: Actor,
    patient: Actor,
    title: string,
    startDate: IsoDate,
    items: RoutineInput['items'],
  ) {
    const saved = await saveRoutine(
      physio,
      patient.id,
      { title, startDate, endDate: null, items },
      TODAY,
    );
    expect(saved.ok).toBe(true);
  }

  async function newPatient() {
    const physio = await createUser(db(), { role: 'physio' });
    const patient = await createPatient(db(), physio);
    return { physio, patient };
  }

  /** What the patient's screen sends: a change per item it showed, by the item's id. */
  function fromScreen(
    screen: DayLog,
    byExercise: Record<string, number>,
    rest: Partial<DayLogInput> = {},
  ): DayLogInput {
    const changes: DayLogInput['exercises'] = {};
    for (const shown of screen.items) {
      const change = byExercise[shown.exerciseId];
      if (change) changes[shown.id] = { exerciseId: shown.exerciseId, change };
    }
    return { idempotencyKey: randomUUID(), date: screen.date, exercises: changes, ...rest };
  }

  const itemOf = (day: DayLog | null, exerciseId: string) =>
    day?.items.find((i) => i.exerciseId === exerciseId);

  it('after a same-day second save, the morning’s screen saves its pain and note, the tick of an exercise still prescribed, and says what was removed', async () => {
    const { physio, patient } = await newPatient();
    await physioSaves(physio, patient, 'Morning', TODAY, [item(ids.pressUp), item(ids.bridge)]);
    const morning = (await getOwnDayLog(patient, TODAY))!;

    // The physio corrects the programme: the bridge goes, the bird dog comes in.
    await physioSaves(physio, patient, 'Afternoon', TODAY, [
      item(ids.pressUp, 2),
      item(ids.birdDog),
    ]);
    const afternoon = (await getOwnDayLog(patient, TODAY))!;
    expect(afternoon.routine?.title).toBe('Afternoon');

    const saved = await saveOwnDayLog(
      patient,
      fromScreen(
        morning,
        { [ids.pressUp]: 1, [ids.bridge]: 1 },
        { pain: 4, note: 'Stiff this morning' },
      ),
      TODAY,
    );
    expect(saved).toMatchObject({
      ok: true,
      value: {
        painScore: 4,
        sessionsDone: 1,
        programmeChanged: {
          moved: [
            {
              itemId: itemOf(morning, ids.pressUp)!.id,
              toItemId: itemOf(afternoon, ids.pressUp)!.id,
              exerciseName: 'Prone press-up (lumbar extension)',
            },
          ],
          removed: [{ itemId: itemOf(morning, ids.bridge)!.id }],
        },
      },
    });
    // Today's programme in the answer, as the patient is shown it next.
    if (!saved.ok) return;
    expect(saved.value.items.map((i) => [i.exerciseId, i.done])).toEqual([
      [ids.pressUp, 1],
      [ids.birdDog, 0],
    ]);

    const day = await getOwnDayLog(patient, TODAY);
    expect(day?.pain).toEqual({ score: 4, note: 'Stiff this morning' });
    expect(itemOf(day, ids.pressUp)?.done).toBe(1);
    expect(itemOf(day, ids.birdDog)?.done).toBe(0);
    const stored = await db()
      .select({ itemId: completions.routineItemId })
      .from(completions)
      .where(eq(completions.patientId, patient.id));
    expect(stored).toEqual([{ itemId: itemOf(afternoon, ids.pressUp)!.id }]);
  });

  it('adds to the sessions the physio’s save moved, and an undo takes back the moved one', async () => {
    const { physio, patient } = await newPatient();
    await physioSaves(physio, patient, 'Morning', TODAY, [item(ids.pressUp)]);
    const morning = (await getOwnDayLog(patient, TODAY))!;
    // The phone ticks the press-up; a tab opened earlier still shows it not done.
    await saveOwnDayLog(patient, fromScreen(morning, { [ids.pressUp]: 1 }), TODAY);
    const phone = (await getOwnDayLog(patient, TODAY))!;

    // Now twice a day: the morning's session moves to the new item.
    await physioSaves(physio, patient, 'Afternoon', TODAY, [item(ids.pressUp, 2)]);
    expect(itemOf(await getOwnDayLog(patient, TODAY), ids.pressUp)?.done).toBe(1);

    // The tab's "+1" is a second session of the same exercise today, not a replacement.
    const tab = await saveOwnDayLog(patient, fromScreen(morning, { [ids.pressUp]: 1 }), TODAY);
    expect(tab).toMatchObject({ ok: true, value: { sessionsDone: 2 } });
    // The phone, still on the morning's version, takes its tick back: one of the two goes.
    const undo = await saveOwnDayLog(patient, fromScreen(phone, { [ids.pressUp]: -1 }), TODAY);
    expect(undo).toMatchObject({
      ok: true,
      value: { sessionsDone: 1, programmeChanged: { moved: [{}], removed: [] } },
    });
    expect(itemOf(await getOwnDayLog(patient, TODAY), ids.pressUp)?.done).toBe(1);
  });

  it('when a new version starts today, yesterday’s screen still logs yesterday, and today’s saves what it can', async () => {
    const { physio, patient } = await newPatient();
    await physioSaves(physio, patient, 'Since November', '2026-11-01', [
      item(ids.pressUp),
      item(ids.bridge),
    ]);
    const loadedToday = (await getOwnDayLog(patient, TODAY))!;
    const loadedYesterday = (await getOwnDayLog(patient, YESTERDAY))!;
    await physioSaves(physio, patient, 'From today', TODAY, [item(ids.birdDog)]);

    // Yesterday's programme did not change: the ticks go to yesterday's items as shown.
    const past = await saveOwnDayLog(
      patient,
      fromScreen(loadedYesterday, { [ids.pressUp]: 1, [ids.bridge]: 1 }, { pain: 5 }),
      TODAY,
    );
    expect(past).toMatchObject({ ok: true, value: { sessionsDone: 2, programmeChanged: null } });

    // Today's did: neither exercise is prescribed any more, and the pain score and note still save.
    const now = await saveOwnDayLog(
      patient,
      fromScreen(loadedToday, { [ids.pressUp]: 1 }, { pain: 3, note: 'Better' }),
      TODAY,
    );
    expect(now).toMatchObject({
      ok: true,
      value: {
        sessionsDone: 0,
        painScore: 3,
        programmeChanged: {
          moved: [],
          removed: [{ itemId: itemOf(loadedToday, ids.pressUp)!.id }],
        },
      },
    });
    const pain = await db()
      .select({ day: painReports.reportedOn, score: painReports.score, note: painReports.note })
      .from(painReports)
      .where(eq(painReports.patientId, patient.id))
      .orderBy(painReports.reportedOn);
    expect(pain).toEqual([
      { day: YESTERDAY, score: 5, note: '' },
      { day: TODAY, score: 3, note: 'Better' },
    ]);
  });

  it('an undo of an exercise that was removed is reported, and the rest of the save goes through', async () => {
    const { physio, patient } = await newPatient();
    await physioSaves(physio, patient, 'Morning', TODAY, [item(ids.bridge), item(ids.pressUp)]);
    const morning = (await getOwnDayLog(patient, TODAY))!;
    await physioSaves(physio, patient, 'Afternoon', TODAY, [item(ids.pressUp)]);
    const saved = await saveOwnDayLog(
      patient,
      fromScreen(morning, { [ids.bridge]: -1 }, { pain: 2 }),
      TODAY,
    );
    expect(saved).toMatchObject({
      ok: true,
      value: {
        painScore: 2,
        programmeChanged: { moved: [], removed: [{ itemId: itemOf(morning, ids.bridge)!.id }] },
      },
    });
  });

  it('refuses, as not found, a save naming another patient’s exercise item, and saves nothing of it', async () => {
    const a = await newPatient();
    const b = await newPatient();
    await physioSaves(a.physio, a.patient, 'A', TODAY, [item(ids.pressUp)]);
    await physioSaves(b.physio, b.patient, 'B', TODAY, [item(ids.pressUp)]);
    const screenOfA = (await getOwnDayLog(a.patient, TODAY))!;

    // Patient B posts A's item (same exercise): not "your programme changed", but not theirs.
    const saved = await saveOwnDayLog(
      b.patient,
      fromScreen(screenOfA, { [ids.pressUp]: 1 }, { pain: 5, note: 'B' }),
      TODAY,
    );
    expect(saved).toEqual({ ok: false, reason: 'not_found' });
    expect(await getOwnDayLog(b.patient, TODAY)).toMatchObject({ pain: null });
    expect(itemOf(await getOwnDayLog(a.patient, TODAY), ids.pressUp)?.done).toBe(0);
    expect(
      await db().select().from(completions).where(eq(completions.patientId, b.patient.id)),
    ).toEqual([]);
  });
});
