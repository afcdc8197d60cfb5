import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { signInWithPassword } from '@/db/queries/auth';
import {
  addPatient,
  dischargePatient,
  getPatientRecord,
  listPainReports,
  listRecentCompletions,
  restorePatient,
} from '@/db/queries/patients';
import {
  inspectSetPasswordLink,
  issueSetPasswordLink,
  redeemSetPasswordLink,
} from '@/db/queries/set-password';
import {
  auditEvents,
  completions,
  exercises,
  painReports,
  routineItems,
  routines,
  setPasswordTokens,
  users,
} from '@/db/schema';
import { caseloadPage } from './helpers/caseload';
import { setupTestDatabase } from './helpers/database';
import { createPatient, createUser } from './helpers/fixtures';

const NEW_PASSWORD = 'a kettle of fish at noon';
const input = (email: string) => ({
  name: 'Nina New',
  email,
  dateOfBirth: '1979-05-01',
  condition: 'Non-specific low back pain',
  goal: 'Walk the dog again',
});

describe('adding patients and their set-password links', () => {
  const db = setupTestDatabase();

  it('adds a patient to the physio’s caseload with a one-time link, stored only as a hash', async () => {
    const physio = await createUser(db(), { role: 'physio' });
    const outcome = await addPatient(physio, input('nina@clinic.test'));
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const { patientId, token } = outcome.value;

    const record = await getPatientRecord(physio, patientId);
    expect(record).toMatchObject({
      name: 'Nina New',
      dateOfBirth: '1979-05-01',
      hasPassword: false,
    });
    const stored = await db()
      .select()
      .from(setPasswordTokens)
      .where(eq(setPasswordTokens.userId, patientId));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).not.toContain(token);
    const [validFor] = await db()
      .execute<{ days: number }>(
        sql`select round(extract(epoch from expires_at - created_at) / 86400)::int as days from set_password_tokens where user_id = ${patientId}`,
      )
      .then((r) => (Array.isArray(r) ? r : (r as unknown as { rows: { days: number }[] }).rows));
    expect(validFor?.days).toBe(7);

    const actions = await db()
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.targetId, patientId));
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['account.created', 'patient.assigned']),
    );
  });

  it('refuses an email already in use, whatever its case, on the email field', async () => {
    const physio = await createUser(db(), { role: 'physio' });
    await addPatient(physio, input('taken@clinic.test'));
    const again = await addPatient(physio, input('taken@clinic.test'));
    expect(again).toMatchObject({ ok: false, reason: 'invalid', field: 'email' });
    const [n] = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(users)
      .where(eq(users.email, 'taken@clinic.test'));
    expect(n?.n).toBe(1);
  });

  it('lets only physios add patients', async () => {
    const admin = await createUser(db(), { role: 'admin' });
    const patient = await createPatient(db(), await createUser(db(), { role: 'physio' }));
    expect((await addPatient(admin, input('x1@clinic.test'))).ok).toBe(false);
    expect((await addPatient(patient, input('x2@clinic.test'))).ok).toBe(false);
  });

  it('works once: sets the password, signs in, then reports the link as used', async () => {
    const physio = await createUser(db(), { role: 'physio' });
    const outcome = await addPatient(physio, input('once@clinic.test'));
    if (!outcome.ok) throw new Error('not added');
    const { token } = outcome.value;

    expect(await inspectSetPasswordLink(token)).toMatchObject({
      status: 'valid',
      email: 'once@clinic.test',
    });
    expect((await redeemSetPasswordLink({ token, password: NEW_PASSWORD, ip: '1.1.1.1' })).ok).toBe(
      true,
    );
    expect(
      await signInWithPassword({
        email: 'once@clinic.test',
        password: NEW_PASSWORD,
        ip: '1.1.1.1',
      }),
    ).toMatchObject({ ok: true });
    expect(await inspectSetPasswordLink(token)).toMatchObject({
      status: 'used',
      askWho: physio.name,
    });
    expect(
      (await redeemSetPasswordLink({ token, password: 'another long password', ip: '1.1.1.1' })).ok,
    ).toBe(false);
    expect(
      await signInWithPassword({
        email: 'once@clinic.test',
        password: 'another long password',
        ip: '1.1.1.1',
      }),
    ).toMatchObject({ ok: false, reason: 'refused' });
  });

  it('expires after 7 days, and a new link replaces the old one', async () => {
    const physio = await createUser(db(), { role: 'physio' });
    const outcome = await addPatient(physio, input('late@clinic.test'));
    if (!outcome.ok) throw new Error('not added');
    await db()
      .update(setPasswordTokens)
      .set({ createdAt: sql`now() - interval '8 days'`, expiresAt: sql`now() - interval '1 day'` })
      .where(eq(setPasswordTokens.userId, outcome.value.patientId));
    expect(await inspectSetPasswordLink(outcome.value.token)).toMatchObject({ status: 'expired' });
    expect(
      (await redeemSetPasswordLink({ token: outcome.value.token, password: NEW_PASSWORD, ip: 'x' }))
        .ok,
    ).toBe(false);

    const fresh = await issueSetPasswordLink(physio, outcome.value.patientId);
    if (!fresh.ok) throw new Error('no new link');
    const second = await issueSetPasswordLink(physio, outcome.value.patientId);
    if (!second.ok) throw new Error('no new link');
    expect(await inspectSetPasswordLink(fresh.value.token)).toMatchObject({ status: 'used' });
    expect(await inspectSetPasswordLink(second.value.token)).toMatchObject({ status: 'valid' });
    expect(await inspectSetPasswordLink('not-a-real-token-at-all-000000')).toMatchObject({
      status: 'unknown',
    });
  });

  it('issues links only for accounts the actor manages', async () => {
    const physio = await createUser(db(), { role: 'physio' });
    const other = await createUser(db(), { role: 'physio' });
    const admin = await createUser(db(), { role: 'admin' });
    const patient = await createPatient(db(), physio);
    expect(await issueSetPasswordLink(other, patient.id)).toEqual({
      ok: false,
      reason: 'not_found',
    });
    expect(await issueSetPasswordLink(patient, patient.id)).toEqual({
      ok: false,
      reason: 'not_found',
    });
    // The patient has a password, so a new link is the admin's to give (security finding 02).
    expect(await issueSetPasswordLink(physio, patient.id)).toMatchObject({ reason: 'invalid' });
    expect((await issueSetPasswordLink(admin, patient.id)).ok).toBe(true);
    expect((await issueSetPasswordLink(admin, other.id)).ok).toBe(true);
  });
});

describe('discharge and the patient record', () => {
  const db = setupTestDatabase();

  it('discharges (ending the programme, keeping the data) and restores', async () => {
    const physio = await createUser(db(), { role: 'physio' });
    const patient = await createPatient(db(), physio, { name: 'Dora Discharge' });
    await db()
      .insert(routines)
      .values({ patientId: patient.id, createdBy: physio.id, title: 'P', startDate: '2026-10-01' });
    await db().insert(painReports).values({
      patientId: patient.id,
      reportedOn: '2026-11-01',
      score: 3,
      idempotencyKey: 'seed-key-1',
    });

    const other = await createUser(db(), { role: 'physio' });
    expect(await dischargePatient(other, patient.id, '2026-11-20')).toEqual({
      ok: false,
      reason: 'not_found',
    });

    expect((await dischargePatient(physio, patient.id, '2026-11-20')).ok).toBe(true);
    const [routine] = await db().select().from(routines).where(eq(routines.patientId, patient.id));
    expect(routine?.endDate).toBe('2026-11-20');
    // Off the caseload table (and so out of its flags and counts), listed as discharged.
    const after = await caseloadPage(physio, '2026-11-25');
    expect(after?.rows).toEqual([]);
    expect(after?.discharged).toEqual([
      { id: patient.id, name: patient.name, dischargedOn: '2026-11-20' },
    ]);
    expect((await listPainReports(physio, patient.id, { page: 1, pageSize: 10 }))?.total).toBe(1);

    expect((await restorePatient(physio, patient.id)).ok).toBe(true);
    expect((await getPatientRecord(physio, patient.id))?.dischargedOn).toBeNull();
    const audit = await db()
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.targetId, patient.id));
    expect(audit.map((a) => a.action)).toEqual(['patient.discharged', 'patient.restored']);
  });

  it('pages through pain reports newest first, for the patient’s own physio only', async () => {
    const physio = await createUser(db(), { role: 'physio' });
    const patient = await createPatient(db(), physio);
    await db()
      .insert(painReports)
      .values(
        Array.from({ length: 12 }, (_, i) => ({
          patientId: patient.id,
          reportedOn: `2026-11-${String(i + 1).padStart(2, '0')}`,
          score: i % 11,
          note: `note ${i + 1}`,
          idempotencyKey: `pain-key-${i}`,
        })),
      );
    const first = await listPainReports(physio, patient.id, { page: 1, pageSize: 5 });
    expect(first?.total).toBe(12);
    expect(first?.rows.map((r) => r.reportedOn)).toEqual([
      '2026-11-12',
      '2026-11-11',
      '2026-11-10',
      '2026-11-09',
      '2026-11-08',
    ]);
    const last = await listPainReports(physio, patient.id, { page: 3, pageSize: 5 });
    expect(last?.rows.map((r) => r.note)).toEqual(['note 2', 'note 1']);
    expect(
      await listPainReports(await createUser(db(), { role: 'physio' }), patient.id, {
        page: 1,
        pageSize: 5,
      }),
    ).toBeNull();
    expect(
      await getPatientRecord(await createUser(db(), { role: 'physio' }), patient.id),
    ).toBeNull();
  });
});

describe("a patient's recent completions", () => {
  const db = setupTestDatabase();

  it('counts the sessions of each item per day in the range, newest day first, items in programme order', async () => {
    const physio = await createUser(db(), { role: 'physio' });
    const patient = await createPatient(db(), physio);
    const other = await createPatient(db(), physio);
    const [bridge, tilt] = await db()
      .insert(exercises)
      .values(
        ['Glute bridge', 'Pelvic tilt'].map((name) => ({
          name,
          bodyRegion: 'core' as const,
          instructions: '1. Lie on your back.',
          defaultSets: 1,
          defaultReps: 10,
          authorId: physio.id,
        })),
      )
      .returning({ id: exercises.id });
    const routineOf = async (patientId: string) => {
      const [routine] = await db()
        .insert(routines)
        .values({ patientId, createdBy: physio.id, title: 'Back', startDate: '2026-10-01' })
        .returning({ id: routines.id });
      // The tilt is first in the programme, so it is listed first whatever its id.
      return db()
        .insert(routineItems)
        .values([
          { routineId: routine!.id, exerciseId: tilt!.id, position: 0, sets: 1, reps: 10 },
          {
            routineId: routine!.id,
            exerciseId: bridge!.id,
            position: 1,
            sets: 2,
            reps: 8,
            timesPerDay: 2,
          },
        ])
        .returning({ id: routineItems.id });
    };
    const [tiltItem, bridgeItem] = await routineOf(patient.id);
    const [otherTilt] = await routineOf(other.id);
    const done = (patientId: string, routineItemId: string, performedOn: string, session = 1) => ({
      patientId,
      routineItemId,
      performedOn,
      session,
      idempotencyKey: `${routineItemId}-${performedOn}-${session}`,
    });
    await db()
      .insert(completions)
      .values([
        done(patient.id, bridgeItem!.id, '2026-10-05', 1),
        done(patient.id, bridgeItem!.id, '2026-10-05', 2),
        done(patient.id, tiltItem!.id, '2026-10-05'),
        done(patient.id, tiltItem!.id, '2026-10-06'),
        done(patient.id, tiltItem!.id, '2026-10-09'),
        done(patient.id, tiltItem!.id, '2026-10-01'),
        done(other.id, otherTilt!.id, '2026-10-06'),
      ]);

    expect(
      await listRecentCompletions(physio, patient.id, { from: '2026-10-02', to: '2026-10-08' }),
    ).toEqual([
      {
        performedOn: '2026-10-06',
        exercises: [{ name: 'Pelvic tilt', sessions: 1, timesPerDay: 1 }],
      },
      {
        performedOn: '2026-10-05',
        exercises: [
          { name: 'Pelvic tilt', sessions: 1, timesPerDay: 1 },
          { name: 'Glute bridge', sessions: 2, timesPerDay: 2 },
        ],
      },
    ]);
    const stranger = await createUser(db(), { role: 'physio' });
    expect(
      await listRecentCompletions(stranger, patient.id, { from: '2026-10-02', to: '2026-10-08' }),
    ).toBeNull();
  });
});
