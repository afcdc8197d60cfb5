import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Actor } from '@/db/queries/actor';
import { getOwnDayLog, saveOwnDayLog } from '@/db/queries/day-log';
import { completions, exercises, painReports, routineItems, routines } from '@/db/schema';
import type { DayLogInput } from '@/lib/validation/day-log';
import { setupTestDatabase } from './helpers/database';
import { createPatient, createUser } from './helpers/fixtures';

const TODAY = '2026-11-25';

describe('Security finding 08: two devices saving the same day lose nothing', () => {
  const db = setupTestDatabase();

  /** A patient with three exercises today: A and B once a day, C three times a day. */
  async function patientWithProgramme() {
    const physio = await createUser(db(), { role: 'physio' });
    const patient = await createPatient(db(), physio);
    const made = await db()
      .insert(exercises)
      .values(
        ['Pelvic tilt', 'Dead bug', 'Wall squat'].map((name) => ({
          name,
          bodyRegion: 'core' as const,
          instructions: '1. Slowly.',
          defaultSets: 2,
          defaultReps: 8,
          authorId: physio.id,
        })),
      )
      .returning({ id: exercises.id });
    const [routine] = await db()
      .insert(routines)
      .values({
        patientId: patient.id,
        createdBy: physio.id,
        title: 'Core',
        startDate: '2026-11-01',
      })
      .returning();
    const rows = await db()
      .insert(routineItems)
      .values(
        made.map((exercise, position) => ({
          routineId: routine!.id,
          exerciseId: exercise.id,
          position,
          sets: 2,
          reps: 8,
          timesPerDay: position === 2 ? 3 : 1,
        })),
      )
      .returning({ id: routineItems.id, exerciseId: routineItems.exerciseId });
    const [a, b, c] = rows as [(typeof rows)[0], (typeof rows)[0], (typeof rows)[0]];
    return { patient, a, b, c };
  }

  type Item = { id: string; exerciseId: string };
  /** One device's save: "+n / −n" per item relative to what its screen showed. */
  const input = (ticks: [Item, number][], rest: Partial<DayLogInput> = {}): DayLogInput => ({
    idempotencyKey: randomUUID(),
    date: TODAY,
    exercises: Object.fromEntries(
      ticks.map(([item, change]) => [item.id, { exerciseId: item.exerciseId, change }]),
    ),
    ...rest,
  });
  const save = (patient: Actor, ticks: [Item, number][], rest: Partial<DayLogInput> = {}) =>
    saveOwnDayLog(patient, input(ticks, rest), TODAY);

  async function day(patient: Actor) {
    const log = await getOwnDayLog(patient, TODAY);
    return { done: log?.items.map((i) => i.done), pain: log?.pain };
  }

  it('an older tab saving after the phone keeps everything the phone recorded', async () => {
    const { patient, a, b } = await patientWithProgramme();
    // Both screens were loaded with nothing done. The phone saves first…
    await save(patient, [[a, 1]], { pain: 6, note: 'After the walk' });
    // …then the tab, which never showed the phone's tick nor its pain score.
    const tab = await save(patient, [[b, 1]]);
    expect(tab).toMatchObject({ ok: true, value: { sessionsDone: 2, painScore: 6 } });
    expect(await day(patient)).toEqual({
      done: [1, 1, 0],
      pain: { score: 6, note: 'After the walk' },
    });
  });

  it('sessions of the same exercise from two devices both count, up to the times per day', async () => {
    const { patient, a, c } = await patientWithProgramme();
    await save(patient, [[c, 1]]);
    await save(patient, [[c, 1]]);
    expect((await day(patient)).done).toEqual([0, 0, 2]);
    // Two more from a third screen: the cap holds, and that is not an error.
    expect(await save(patient, [[c, 2]])).toMatchObject({ ok: true, value: { sessionsDone: 3 } });
    // A once-a-day exercise ticked on both devices is done once.
    await save(patient, [[a, 1]]);
    await save(patient, [[a, 1]]);
    expect((await day(patient)).done).toEqual([1, 0, 3]);
    const sessions = await db()
      .select({ session: completions.session })
      .from(completions)
      .where(and(eq(completions.patientId, patient.id), eq(completions.routineItemId, c.id)))
      .orderBy(asc(completions.session));
    expect(sessions.map((s) => s.session)).toEqual([1, 2, 3]);
  });

  it('an undo on one device takes back one session, not what the other device added', async () => {
    const { patient, a, c } = await patientWithProgramme();
    await save(patient, [
      [c, 1],
      [a, 1],
    ]); // phone
    await save(patient, [[c, 1]]); // tab
    await save(patient, [[c, -1]]); // the tab takes its own back
    expect((await day(patient)).done).toEqual([1, 0, 1]);
    // An undo of something another device already undid leaves nothing below zero.
    await save(patient, [[a, -1]]);
    await save(patient, [[a, -1]]);
    expect((await day(patient)).done).toEqual([0, 0, 1]);
  });

  it('saves the pain score and the note only when the screen changed them', async () => {
    const { patient, a } = await patientWithProgramme();
    await save(patient, [], { pain: 6, note: 'Phone note' });
    // A tab that changes only the note keeps the phone's score…
    await save(patient, [[a, 1]], { note: 'Tab note' });
    expect((await day(patient)).pain).toEqual({ score: 6, note: 'Tab note' });
    // …and one that changes only the score keeps the note.
    await save(patient, [], { pain: 3 });
    expect((await day(patient)).pain).toEqual({ score: 3, note: 'Tab note' });
    const reports = await db()
      .select()
      .from(painReports)
      .where(eq(painReports.patientId, patient.id));
    expect(reports).toHaveLength(1);
  });

  it('concurrent saves from several devices never lose a completion', async () => {
    const { patient, a, b, c } = await patientWithProgramme();
    await save(patient, [], { pain: 2 });
    const results = await Promise.all([
      save(patient, [[a, 1]]),
      save(patient, [[c, 1]], { pain: 5 }),
      save(patient, [
        [b, 1],
        [c, 1],
      ]),
      save(patient, [[c, 1]], { note: 'Busy day' }),
      save(patient, [[c, 1]]),
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(await day(patient)).toEqual({ done: [1, 1, 3], pain: { score: 5, note: 'Busy day' } });
  });

  it('a queue of saves replays safely: sent twice, in order, the day is as after the first time', async () => {
    const { patient, a, c } = await patientWithProgramme();
    const queue = [
      input([[a, 1]], { pain: 7 }),
      input([[c, 1]]),
      input([[c, 1]], { note: 'Evening set' }),
      input([[a, -1]], { pain: 5 }),
    ];
    const first = [];
    for (const entry of queue) first.push(await saveOwnDayLog(patient, entry, TODAY));
    const after = await day(patient);
    expect(after).toEqual({ done: [0, 0, 2], pain: { score: 5, note: 'Evening set' } });

    // The phone did not hear back and sends the whole queue again, in order: nothing changes,
    // and each save gets its first answer.
    for (const [i, entry] of queue.entries()) {
      const again = await saveOwnDayLog(patient, entry, TODAY);
      expect(again).toEqual(
        first[i]!.ok ? { ok: true, value: { ...first[i]!.value, replayed: true } } : first[i],
      );
    }
    expect(await day(patient)).toEqual(after);
    expect(
      await db().select().from(completions).where(eq(completions.patientId, patient.id)),
    ).toHaveLength(2);
  });
});
