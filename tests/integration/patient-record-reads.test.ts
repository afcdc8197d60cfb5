import { beforeAll, describe, expect, it } from 'vitest';
import { readRecordTop, recordSections } from '@/app/physio/patients/[id]/record-reads';
import type { Database } from '@/db/client';
import type { Actor } from '@/db/queries/actor';
import { assignMeasure, getOutcomeRecord } from '@/db/queries/outcome-measures';
import {
  dischargePatient,
  getPatientRecord,
  listPainReports,
  listRecentCompletions,
} from '@/db/queries/patients';
import { getPatientProgress } from '@/db/queries/progress';
import { remindersOnForPatient } from '@/db/queries/reminders';
import { getRoutineForEditing, listRoutineHistory, saveRoutine } from '@/db/queries/routines';
import { exercises, painReports } from '@/db/schema';
import { seedLibrary } from '@/db/seed';
import { addDays } from '@/lib/dates';
import { EVERY_DAY } from '@/lib/weekdays';
import { setupTestDatabase } from './helpers/database';
import { createPatient, createUser } from './helpers/fixtures';

const TODAY = '2026-11-04';
const START = '2026-10-05';

/**
 * Every statement the database is sent while `work` runs, through the driver's own entry point
 * (PGlite's query, postgres.js's unsafe: where drizzle sends each statement).
 */
async function statementsOf(db: Database, work: () => Promise<unknown>): Promise<string[]> {
  const client = (db as unknown as { $client: Record<string, unknown> }).$client;
  const method = typeof client.unsafe === 'function' ? 'unsafe' : 'query';
  const original = client[method] as (text: string, ...rest: unknown[]) => unknown;
  const sent: string[] = [];
  client[method] = function (this: unknown, text: string, ...rest: unknown[]) {
    sent.push(text);
    return original.call(this, text, ...rest);
  };
  try {
    await work();
  } finally {
    client[method] = original;
  }
  return sent;
}

describe('the physio’s patient record: what the page reads', () => {
  const db = setupTestDatabase();
  let physio: Actor;
  let patient: Actor;

  beforeAll(async () => {
    await seedLibrary(db());
    const [exercise] = await db().select({ id: exercises.id }).from(exercises).limit(1);
    physio = await createUser(db(), { role: 'physio', name: 'Dr Record' });
    patient = await createPatient(db(), physio, { name: 'Pat Record' });
    const saved = await saveRoutine(
      physio,
      patient.id,
      {
        title: 'Knee programme',
        startDate: START,
        endDate: null,
        items: [
          {
            exerciseId: exercise!.id,
            sets: 2,
            reps: 10,
            holdSeconds: null,
            daysMask: EVERY_DAY,
            timesPerDay: 1,
            note: '',
          },
        ],
      },
      START,
    );
    expect(saved.ok).toBe(true);
    await db()
      .insert(painReports)
      .values([
        {
          patientId: patient.id,
          reportedOn: addDays(TODAY, -2),
          score: 5,
          note: 'stairs',
          idempotencyKey: 'record-1',
        },
        {
          patientId: patient.id,
          reportedOn: addDays(TODAY, -1),
          score: 4,
          note: '',
          idempotencyKey: 'record-2',
        },
      ]);
    const assigned = await assignMeasure(
      physio,
      { patientId: patient.id, instrumentId: 'start-back', schedule: 'start' },
      START,
    );
    expect(assigned.ok).toBe(true);
  });

  async function readAll(actor: Actor, patientId: string) {
    const top = await readRecordTop(actor, patientId, TODAY);
    if (!top) return null;
    const [progress, outcomes, pain, completions, history] = await Promise.all([
      recordSections.progress(top.patient, TODAY),
      recordSections.outcomes(top.patient, TODAY),
      recordSections.pain(top.patient, 1),
      recordSections.completions(top.patient, TODAY),
      recordSections.history(top.patient),
    ]);
    return { top, progress, outcomes, pain, completions, history };
  }

  it('shows what each part read on its own showed, checking the patient once', async () => {
    const id = patient.id;
    let read: Awaited<ReturnType<typeof readAll>> = null;
    const sent = await statementsOf(db(), async () => (read = await readAll(physio, id)));
    expect(read).not.toBeNull();
    const { top, progress, outcomes, pain, completions, history } = read!;

    expect(top.record).toEqual(await getPatientRecord(physio, id));
    expect(top.routine).toEqual((await getRoutineForEditing(physio, id, TODAY))?.routine);
    expect(top.routine?.title).toBe('Knee programme');
    expect(await remindersOnForPatient(physio, id)).toEqual({ ok: true, value: top.remindersOn });
    expect(progress).toEqual((await getPatientProgress(physio, id, TODAY))?.weeks);
    expect(progress.length).toBeGreaterThan(0);
    expect(outcomes).toEqual(await getOutcomeRecord(physio, id, TODAY));
    expect(outcomes.measures.map((m) => m.instrumentId)).toEqual(['start-back']);
    expect(pain).toEqual(await listPainReports(physio, id, { page: 1, pageSize: 10 }));
    expect(pain.total).toBe(2);
    const from = addDays(TODAY, -13);
    expect(completions).toEqual(await listRecentCompletions(physio, id, { from, to: TODAY }));
    expect(history).toEqual(await listRoutineHistory(physio, id));

    // The physio's rule of who sees whom (patient-access.ts) is in one statement: the record's.
    const checks = sent.filter((text) => /"physio_id" = \$/.test(text));
    expect(checks).toHaveLength(1);
    expect(checks[0]).toContain('"date_of_birth"');
    // One statement a part: the record with reminders; the programme with the current items;
    // the weeks; the outcome definitions, and the patient's assignments, skips and scores; the
    // pain page with its count; the completions; the routine history.
    expect(sent).toHaveLength(8);
  });

  it('reads nothing more for another physio’s patient, and no programme once discharged', async () => {
    const other = await createUser(db(), { role: 'physio' });
    const sent = await statementsOf(db(), async () => {
      expect(await readRecordTop(other, patient.id, TODAY)).toBeNull();
    });
    expect(sent).toHaveLength(1);

    const discharged = await createPatient(db(), physio, { name: 'Dee Discharged' });
    expect((await dischargePatient(physio, discharged.id, TODAY)).ok).toBe(true);
    const top = await readRecordTop(physio, discharged.id, TODAY);
    expect(top?.record.dischargedOn).toBe(TODAY);
    expect(top?.routine).toBeNull();
  });
});
