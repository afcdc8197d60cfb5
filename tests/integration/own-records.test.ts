import { describe, expect, it } from 'vitest';
import { getOwnDayLog } from '@/db/queries/day-log';
import { exercises, routineItems, routines } from '@/db/schema';
import { maskFromWeekdays } from '@/lib/weekdays';
import { caseloadPage, caseloadRows } from './helpers/caseload';
import { setupTestDatabase } from './helpers/database';
import { createPatient, createUser } from './helpers/fixtures';

// 2026-11-02 is a Monday, 2026-11-03 a Tuesday.
const MONDAY = '2026-11-02';
const TUESDAY = '2026-11-03';

describe('records each user may see', () => {
  const db = setupTestDatabase();

  async function patientWithRoutine() {
    const physio = await createUser(db(), { role: 'physio', name: 'Dr Own' });
    const patient = await createPatient(db(), physio, { name: 'Olive Own' });
    const [exercise, other] = await db()
      .insert(exercises)
      .values([
        {
          name: 'Pelvic tilt',
          bodyRegion: 'lower_back',
          instructions: '1. Lie on your back.',
          defaultSets: 2,
          defaultReps: 10,
          authorId: physio.id,
        },
        {
          name: 'Wall squat',
          bodyRegion: 'legs',
          instructions: '1. Stand with your back to a wall.',
          defaultSets: 2,
          defaultReps: 8,
          authorId: physio.id,
        },
      ])
      .returning();
    const [routine] = await db()
      .insert(routines)
      .values({
        patientId: patient.id,
        createdBy: physio.id,
        title: 'Back basics',
        startDate: '2026-10-01',
      })
      .returning();
    await db()
      .insert(routineItems)
      .values([
        {
          routineId: routine!.id,
          exerciseId: other!.id,
          position: 1,
          sets: 2,
          reps: 8,
          daysMask: maskFromWeekdays([2, 4]),
        },
        {
          routineId: routine!.id,
          exerciseId: exercise!.id,
          position: 0,
          sets: 3,
          reps: 10,
          holdSeconds: 5,
          note: 'Slowly',
        },
      ]);
    return { physio, patient };
  }

  it("lists a physio's own patients and nobody else's", async () => {
    const { physio, patient } = await patientWithRoutine();
    const otherPhysio = await createUser(db(), { role: 'physio' });
    await createPatient(db(), otherPhysio, { name: 'Someone Else' });

    const mine = await caseloadRows(physio, MONDAY);
    expect(mine).toEqual([
      expect.objectContaining({ id: patient.id, name: 'Olive Own', routineTitle: 'Back basics' }),
    ]);
    expect((await caseloadRows(otherPhysio, MONDAY)).map((p) => p.name)).toEqual(['Someone Else']);
    expect(await caseloadPage(patient, MONDAY)).toBeNull();
  });

  it("shows a patient only their own day's exercises, in order, scheduled for that weekday", async () => {
    const { physio, patient } = await patientWithRoutine();
    const monday = await getOwnDayLog(patient, MONDAY);
    expect(monday?.routine?.title).toBe('Back basics');
    expect(monday?.physioName).toBe('Dr Own');
    expect(monday?.items.map((i) => i.exerciseName)).toEqual(['Pelvic tilt']);
    expect(monday?.items[0]).toMatchObject({ sets: 3, reps: 10, holdSeconds: 5, note: 'Slowly' });

    const tuesday = await getOwnDayLog(patient, TUESDAY);
    expect(tuesday?.items.map((i) => i.exerciseName)).toEqual(['Pelvic tilt', 'Wall squat']);

    // Before the programme started there is nothing to do, and the patient is told who to ask.
    const before = await getOwnDayLog(patient, '2026-09-30');
    expect(before).toMatchObject({ physioName: 'Dr Own', routine: null, items: [], pain: null });

    expect(await getOwnDayLog(physio, MONDAY)).toBeNull();
  });
});
