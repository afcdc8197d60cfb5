import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getCaseloadPage } from '@/db/queries/caseload';
import { caseloadViewSchema } from '@/lib/caseload-view';
import { assignMeasure, getOutcomeRecord, stopMeasure } from '@/db/queries/outcome-measures';
import {
  getOwnDueQuestionnaires,
  saveOwnResponse,
  skipOwnMeasure,
} from '@/db/queries/outcome-responses';
import { auditEvents, outcomeDefinitions, outcomeResponses, routines } from '@/db/schema';
import type { Answers } from '@/lib/outcome-measures/answers';
import type { OutcomeSchedule } from '@/lib/outcome-measures/schedules';
import { setupTestDatabase } from './helpers/database';
import { createPatient, createUser } from './helpers/fixtures';

const TODAY = '2026-11-25';

/** STarT Back: agree (1) / disagree (0) for items 1–8, item 9's option position. */
function sbst(items: number[], q9: number): Answers {
  const answers: Answers = {};
  items.forEach((agree, i) => (answers[`q${i + 1}`] = { option: agree }));
  answers.q9 = { option: q9 };
  return answers;
}

describe('outcome measures: assign, answer, read', () => {
  const db = setupTestDatabase();

  async function clinic() {
    const physio = await createUser(db(), { role: 'physio' });
    const otherPhysio = await createUser(db(), { role: 'physio' });
    const admin = await createUser(db(), { role: 'admin' });
    const patient = await createPatient(db(), physio);
    const otherPatient = await createPatient(db(), otherPhysio);
    await db().insert(routines).values({
      patientId: patient.id,
      createdBy: physio.id,
      title: 'Back',
      startDate: '2026-11-01',
    });
    return { physio, otherPhysio, admin, patient, otherPatient };
  }

  const assign = (
    actor: Awaited<ReturnType<typeof clinic>>['physio'],
    patientId: string,
    instrumentId: string,
    schedule: OutcomeSchedule = 'once',
    day = TODAY,
  ) => assignMeasure(actor, { patientId, instrumentId, schedule }, day);

  const answer = (
    actor: Awaited<ReturnType<typeof clinic>>['patient'],
    instrumentId: string,
    answers: Answers,
    day = TODAY,
    idempotencyKey: string = randomUUID(),
  ) => saveOwnResponse(actor, { idempotencyKey, instrumentId, answers }, day);

  it('a physio assigns STarT Back, the patient answers it, and the score, group and version are stored', async () => {
    const { physio, patient } = await clinic();
    expect(await assign(physio, patient.id, 'start-back')).toMatchObject({ ok: true });

    const due = await getOwnDueQuestionnaires(patient, TODAY);
    expect(due.map((q) => q.definition.id)).toEqual(['start-back']);

    const saved = await answer(patient, 'start-back', sbst([0, 0, 0, 0, 1, 1, 1, 1], 3));
    expect(saved).toMatchObject({ ok: true, value: { score: 5, bandLabel: 'High risk' } });
    const [row] = await db()
      .select()
      .from(outcomeResponses)
      .where(eq(outcomeResponses.patientId, patient.id));
    expect(row).toMatchObject({
      instrumentId: 'start-back',
      definitionVersion: 1,
      answeredOn: TODAY,
      score: 5,
      subscales: { psychosocial: 5 },
      bandId: 'high',
    });
    expect(await getOwnDueQuestionnaires(patient, TODAY)).toEqual([]);

    const record = await getOutcomeRecord(physio, patient.id, TODAY);
    const measure = record!.measures.find((m) => m.instrumentId === 'start-back')!;
    expect(measure.scores).toMatchObject([{ score: 5, band: { label: 'High risk' }, version: 1 }]);
    expect(measure.due).toBeNull();
  });

  it('a retry with the same key returns the first result and stores one response', async () => {
    const { physio, patient } = await clinic();
    await assign(physio, patient.id, 'start-back');
    const key = randomUUID();
    const first = await answer(
      patient,
      'start-back',
      sbst([1, 0, 0, 0, 0, 0, 0, 0], 0),
      TODAY,
      key,
    );
    const again = await answer(
      patient,
      'start-back',
      sbst([1, 0, 0, 0, 0, 0, 0, 0], 0),
      TODAY,
      key,
    );
    expect(first.ok && again.ok && again.value).toEqual(first.ok && first.value);
    const rows = await db()
      .select()
      .from(outcomeResponses)
      .where(eq(outcomeResponses.patientId, patient.id));
    expect(rows).toHaveLength(1);
  });

  it('refuses answers for a questionnaire that is not due, and incomplete answers, with a message', async () => {
    const { physio, patient } = await clinic();
    expect(await answer(patient, 'start-back', sbst([0, 0, 0, 0, 0, 0, 0, 0], 0))).toMatchObject({
      ok: false,
      message: 'This questionnaire is not due today, so nothing was saved.',
    });
    await assign(physio, patient.id, 'start-back');
    const missing = sbst([0, 0, 0, 0, 0, 0, 0, 0], 0);
    delete missing.q4;
    expect(await answer(patient, 'start-back', missing)).toMatchObject({
      ok: false,
      message: 'Question 4 has no answer.',
    });
    // The refused key is released: the corrected form may be sent again with it.
    const key = randomUUID();
    await answer(patient, 'start-back', missing, TODAY, key);
    expect(
      await answer(patient, 'start-back', sbst([0, 0, 0, 0, 0, 0, 0, 0], 0), TODAY, key),
    ).toMatchObject({ ok: true });
  });

  it('PSFS: the baseline names activities, later times rate the same ones, and the change is judged', async () => {
    const { physio, patient } = await clinic();
    await assign(physio, patient.id, 'psfs', 'every_2_weeks', '2026-11-02');
    const baseline = await answer(
      patient,
      'psfs',
      {
        activity1: { rating: 3, activity: 'Lifting my daughter' },
        activity2: { rating: 4, activity: 'Gardening' },
      },
      '2026-11-02',
    );
    expect(baseline).toMatchObject({ ok: true, value: { score: 3.5 } });

    const [later] = await getOwnDueQuestionnaires(patient, '2026-11-16');
    expect(later!.baselineActivities).toEqual({
      activity1: 'Lifting my daughter',
      activity2: 'Gardening',
    });
    // A new activity cannot be slipped in; each named one must be rated.
    expect(
      await answer(
        patient,
        'psfs',
        { activity3: { rating: 9, activity: 'Running' } },
        '2026-11-16',
      ),
    ).toMatchObject({ ok: false, message: 'Rate only the activities you named the first time.' });
    expect(await answer(patient, 'psfs', { activity1: { rating: 6 } }, '2026-11-16')).toMatchObject(
      {
        ok: false,
      },
    );
    expect(
      await answer(
        patient,
        'psfs',
        { activity1: { rating: 6, activity: 'Renamed' }, activity2: { rating: 6 } },
        '2026-11-16',
      ),
    ).toMatchObject({ ok: true, value: { score: 6 } });

    const record = await getOutcomeRecord(physio, patient.id, '2026-11-16');
    const psfs = record!.measures.find((m) => m.instrumentId === 'psfs')!;
    expect(psfs.scores.map((s) => s.score)).toEqual([3.5, 6]);
    expect(psfs.scores[1]!.activities).toEqual({
      activity1: 'Lifting my daughter',
      activity2: 'Gardening',
    });
    expect(psfs.fromBaseline).toMatchObject({ delta: 2.5, verdict: 'improvement' });
  });

  it('skipping hides the questionnaire for today only', async () => {
    const { physio, patient } = await clinic();
    await assign(physio, patient.id, 'start-back');
    expect(await skipOwnMeasure(patient, 'start-back', TODAY)).toEqual({
      ok: true,
      value: undefined,
    });
    expect(await getOwnDueQuestionnaires(patient, TODAY)).toEqual([]);
    expect(await getOwnDueQuestionnaires(patient, '2026-11-26')).toHaveLength(1);
    expect(await skipOwnMeasure(patient, 'psfs', TODAY)).toMatchObject({
      ok: false,
      message: 'This questionnaire is not due today.',
    });
    // Still due for the physio since the day it was asked for.
    const record = await getOutcomeRecord(physio, patient.id, '2026-11-26');
    expect(record!.measures[0]!.due).toMatchObject({ dueSince: TODAY });
  });

  it('a stored score keeps the version it was answered on when the clinic publishes a new one', async () => {
    const { physio, admin, patient } = await clinic();
    const v1 = {
      id: 'clinic-index',
      version: 1,
      name: 'Clinic index',
      copyright: '© Clinic',
      licence: 'Clinic licence',
      citation: 'Clinic 2026',
      items: [
        {
          type: 'choice',
          id: 'a',
          text: 'A?',
          options: [
            { label: 'No', value: 0 },
            { label: 'Yes', value: 1 },
          ],
        },
      ],
      scoring: { method: 'sum' },
    };
    await db()
      .insert(outcomeDefinitions)
      .values({ id: v1.id, version: 1, definition: v1, uploadedBy: admin.id });
    await assign(physio, patient.id, 'clinic-index');
    expect(await answer(patient, 'clinic-index', { a: { option: 1 } })).toMatchObject({
      ok: true,
      value: { score: 1 },
    });
    const v2 = {
      ...v1,
      version: 2,
      items: [
        {
          ...v1.items[0],
          options: [
            { label: 'No', value: 0 },
            { label: 'Yes', value: 5 },
          ],
        },
      ],
    };
    await db()
      .insert(outcomeDefinitions)
      .values({ id: v1.id, version: 2, definition: v2, uploadedBy: admin.id });
    const record = await getOutcomeRecord(physio, patient.id, TODAY);
    expect(record!.measures[0]!.scores).toMatchObject([{ version: 1, score: 1 }]);
    // A new answer is given (and scored) on the new version.
    await assign(physio, patient.id, 'clinic-index', 'once', '2026-11-26');
    expect(await answer(patient, 'clinic-index', { a: { option: 1 } }, '2026-11-26')).toMatchObject(
      {
        ok: true,
        value: { score: 5 },
      },
    );
  });

  it('access: another physio and another patient get not found; an admin reads but does not assign', async () => {
    const { physio, otherPhysio, admin, patient, otherPatient } = await clinic();
    expect(await assign(otherPhysio, patient.id, 'psfs')).toEqual({
      ok: false,
      reason: 'not_found',
    });
    expect(await assign(admin, patient.id, 'psfs')).toEqual({ ok: false, reason: 'not_found' });
    expect(await assign(patient as never, patient.id, 'psfs')).toEqual({
      ok: false,
      reason: 'not_found',
    });
    expect(await getOutcomeRecord(otherPhysio, patient.id, TODAY)).toBeNull();
    expect(await getOutcomeRecord(otherPatient, patient.id, TODAY)).toBeNull();
    expect(await getOutcomeRecord(admin, patient.id, TODAY)).not.toBeNull();
    expect(await getOutcomeRecord(patient, patient.id, TODAY)).not.toBeNull();

    const assigned = await assign(physio, patient.id, 'psfs');
    if (!assigned.ok) throw new Error('not assigned');
    expect(await stopMeasure(otherPhysio, assigned.value.assignmentId)).toEqual({
      ok: false,
      reason: 'not_found',
    });
    // A physio cannot answer for the patient; another patient has nothing due.
    expect(
      await answer(physio as never, 'psfs', { activity1: { rating: 3, activity: 'Walk' } }),
    ).toEqual({
      ok: false,
      reason: 'not_found',
    });
    expect(
      await answer(otherPatient, 'psfs', { activity1: { rating: 3, activity: 'Walk' } }),
    ).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await getOwnDueQuestionnaires(otherPatient, TODAY)).toEqual([]);
  });

  it('assigning the same schedule twice is one assignment; stopping it ends what is due', async () => {
    const { physio, patient } = await clinic();
    const first = await assign(physio, patient.id, 'start-back', 'every_4_weeks');
    const second = await assign(physio, patient.id, 'start-back', 'every_4_weeks');
    expect(first.ok && second.ok && second.value).toEqual({
      assignmentId: first.ok && first.value.assignmentId,
      created: false,
    });
    expect(await assign(physio, patient.id, 'no-such-thing')).toMatchObject({
      ok: false,
      field: 'instrumentId',
    });
    if (!first.ok) throw new Error('not assigned');
    expect(await stopMeasure(physio, first.value.assignmentId)).toMatchObject({ ok: true });
    expect(await getOwnDueQuestionnaires(patient, TODAY)).toEqual([]);
    const audits = await db()
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.targetId, patient.id));
    expect(audits.map((a) => a.action)).toEqual(['outcome.assigned', 'outcome.stopped']);
  });

  it('the caseload flags a questionnaire due for more than 3 days and shows the latest STarT Back group', async () => {
    const { physio, otherPhysio, patient } = await clinic();
    await assign(physio, patient.id, 'start-back', 'once', '2026-11-20');
    await assign(physio, patient.id, 'psfs', 'once', '2026-11-21');
    const row = async (day: string) =>
      (await getCaseloadPage(physio, day, caseloadViewSchema.parse({})))!.rows.find(
        (r) => r.id === patient.id,
      )!;
    // Due since the 21st (PSFS) and the 20th (STarT Back): on the 23rd, 3 days is not more than 3.
    expect((await row('2026-11-23')).flags).not.toContain('outcome_due');
    expect((await row('2026-11-24')).flags).toContain('outcome_due');

    await answer(patient, 'start-back', sbst([1, 1, 1, 1, 0, 0, 0, 0], 0), '2026-11-24');
    const after = await row('2026-11-24');
    expect(after.startBackGroup).toEqual({ id: 'medium', label: 'Medium risk' });
    // PSFS has waited 3 days on the 24th: no flag until the 25th.
    expect(after.flags).not.toContain('outcome_due');
    expect((await row('2026-11-25')).flags).toContain('outcome_due');
    // Another physio's caseload does not hold the patient at all.
    expect(
      (await getCaseloadPage(otherPhysio, '2026-11-25', caseloadViewSchema.parse({})))!.rows.map(
        (r) => r.id,
      ),
    ).not.toContain(patient.id);
  });
});
