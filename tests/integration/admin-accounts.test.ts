import { createHash } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  EMAIL_TAKEN,
  createAccount,
  getAccount,
  listAccounts,
  listPhysios,
  reassignPatient,
  setAccountActive,
} from '@/db/queries/accounts';
import type { Actor } from '@/db/queries/actor';
import { listAuditEvents } from '@/db/queries/audit-log';
import { getClinicFigures } from '@/db/queries/clinic-figures';
import { getPatientRecord } from '@/db/queries/patients';
import { getPatientProgress } from '@/db/queries/progress';
import { inspectSetPasswordLink } from '@/db/queries/set-password';
import {
  auditEvents,
  completions,
  painReports,
  patientProfiles,
  setPasswordTokens,
  users,
} from '@/db/schema';
import { newAccountSchema } from '@/lib/validation/account';
import { caseloadRows } from './helpers/caseload';
import { setupTestDatabase } from './helpers/database';
import { createPatient, createUser } from './helpers/fixtures';
import { createStoryAuthor, insertStory } from './helpers/stories';

const TODAY = '2026-11-25';
const NO_ONE = '00000000-0000-4000-8000-000000000000';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const patientInput = (email: string, physioId: string) =>
  newAccountSchema.parse({
    role: 'patient',
    name: 'Nell Newcombe',
    email,
    physioId,
    dateOfBirth: '1975-02-14',
    condition: 'Chronic low back pain after a fall',
    goal: 'Carry the shopping home',
  });

describe('admin account management', () => {
  const db = setupTestDatabase();

  async function auditFor(targetId: string) {
    return db()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.targetId, targetId))
      .orderBy(auditEvents.id);
  }

  it('creates a physio with a one-time set-password link, stored only as a hash, and audits it', async () => {
    const admin = await createUser(db(), { role: 'admin' });
    const outcome = await createAccount(
      admin,
      newAccountSchema.parse({
        role: 'physio',
        name: 'Petra Physio',
        email: ' Petra@Clinic.test ',
      }),
    );
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const { userId, token } = outcome.value;

    const account = await getAccount(admin, userId);
    expect(account).toMatchObject({
      name: 'Petra Physio',
      email: 'petra@clinic.test',
      role: 'physio',
      active: true,
      hasPassword: false,
      currentPatients: 0,
    });
    const stored = await db()
      .select()
      .from(setPasswordTokens)
      .where(eq(setPasswordTokens.userId, userId));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).toBe(sha256(token));
    expect(stored[0]!.tokenHash).not.toContain(token);
    expect(stored[0]!.createdBy).toBe(admin.id);
    expect(await inspectSetPasswordLink(token)).toMatchObject({ status: 'valid' });

    const events = await auditFor(userId);
    expect(events.map((e) => [e.action, e.actorId, e.details])).toEqual([
      ['account.created', admin.id, { role: 'physio' }],
    ]);
    expect((await listPhysios(admin))?.map((p) => p.id)).toContain(userId);
  });

  it('creates a patient assigned to an active physio, who sees them at once', async () => {
    const admin = await createUser(db(), { role: 'admin' });
    const physio = await createUser(db(), { role: 'physio' });
    const outcome = await createAccount(admin, patientInput('nell@clinic.test', physio.id));
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const { userId, token } = outcome.value;

    expect(await getPatientRecord(physio, userId)).toMatchObject({
      name: 'Nell Newcombe',
      dateOfBirth: '1975-02-14',
      condition: 'Chronic low back pain after a fall',
      goal: 'Carry the shopping home',
      hasPassword: false,
    });
    expect((await caseloadRows(physio, TODAY)).map((r) => r.id)).toEqual([userId]);
    expect((await getAccount(admin, physio.id))?.currentPatients).toBe(1);
    const [stored] = await db()
      .select()
      .from(setPasswordTokens)
      .where(eq(setPasswordTokens.userId, userId));
    expect(stored?.tokenHash).toBe(sha256(token));

    const events = await auditFor(userId);
    expect(events.map((e) => [e.action, e.actorId, e.targetType, e.details])).toEqual([
      ['account.created', admin.id, 'user', { role: 'patient' }],
      ['patient.assigned', admin.id, 'patient', { physioId: physio.id }],
    ]);
    // No clinical content in the log.
    const logged = JSON.stringify(events);
    expect(logged).not.toContain('low back');
    expect(logged).not.toContain('shopping');
    expect(logged).not.toContain('1975');
  });

  it('refuses an email already in use, with a message for the email field, and writes nothing', async () => {
    const admin = await createUser(db(), { role: 'admin' });
    const physio = await createUser(db(), { role: 'physio', email: 'taken@clinic.test' });
    const before = await db().select({ id: users.id }).from(users);

    const asPhysio = await createAccount(
      admin,
      newAccountSchema.parse({ role: 'physio', name: 'Twin', email: 'TAKEN@clinic.test' }),
    );
    expect(asPhysio).toEqual({
      ok: false,
      reason: 'invalid',
      message: EMAIL_TAKEN,
      field: 'email',
    });
    expect(EMAIL_TAKEN).toBe('An account with this email address already exists.');
    const asPatient = await createAccount(admin, patientInput('taken@clinic.test', physio.id));
    expect(asPatient).toMatchObject({ ok: false, reason: 'invalid', field: 'email' });
    expect(await db().select({ id: users.id }).from(users)).toHaveLength(before.length);

    // Two admins submitting the same new address at the same moment: exactly one account.
    const [a, b] = await Promise.all([
      createAccount(admin, patientInput('race@clinic.test', physio.id)),
      createAccount(admin, patientInput('race@clinic.test', physio.id)),
    ]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    expect([a, b].find((o) => !o.ok)).toMatchObject({ field: 'email' });
    expect(await db().select().from(users).where(eq(users.email, 'race@clinic.test'))).toHaveLength(
      1,
    );
  });

  it('assigns a new patient only to an active physiotherapist', async () => {
    const admin = await createUser(db(), { role: 'admin' });
    const inactive = await createUser(db(), { role: 'physio', active: false });
    const otherAdmin = await createUser(db(), { role: 'admin' });
    for (const physioId of [inactive.id, otherAdmin.id, NO_ONE]) {
      expect(
        await createAccount(admin, patientInput('orphan@clinic.test', physioId)),
      ).toMatchObject({ ok: false, reason: 'invalid', field: 'physioId' });
    }
    expect(await db().select().from(users).where(eq(users.email, 'orphan@clinic.test'))).toEqual(
      [],
    );
  });

  it('reassigns a patient: the history stays, the old physio loses access and the new one gains it', async () => {
    const admin = await createUser(db(), { role: 'admin' });
    const author = await createStoryAuthor(db());
    const oldPhysio: Actor = {
      id: author.physioId,
      role: 'physio',
      name: 'Physio',
      email: 'old@clinic.test',
      sessionId: 'test',
    };
    const newPhysio = await createUser(db(), { role: 'physio', name: 'Nadia New' });
    const patientId = await insertStory(db(), author, {
      dischargedOn: null,
      routines: [
        {
          startDate: '2026-11-02',
          endDate: null,
          items: [{ key: 'A', daysMask: 127, timesPerDay: 1 }],
        },
      ],
      completions: [
        { itemKey: 'A', date: '2026-11-02', session: 1 },
        { itemKey: 'A', date: '2026-11-10', session: 1 },
      ],
      pain: [
        { date: '2026-11-02', score: 6 },
        { date: '2026-11-20', score: 3 },
      ],
    });
    const before = await getPatientProgress(oldPhysio, patientId, TODAY);
    expect(before?.weeks.length).toBeGreaterThan(0);
    expect(await getPatientRecord(newPhysio, patientId)).toBeNull();

    const outcome = await reassignPatient(admin, { patientId, physioId: newPhysio.id });
    expect(outcome).toEqual({
      ok: true,
      value: { name: 'Story patient', physioName: 'Nadia New', changed: true },
    });

    expect(await getPatientProgress(oldPhysio, patientId, TODAY)).toBeNull();
    expect(await getPatientRecord(oldPhysio, patientId)).toBeNull();
    expect((await caseloadRows(oldPhysio, TODAY)).map((r) => r.id)).not.toContain(patientId);
    const after = await getPatientProgress(newPhysio, patientId, TODAY);
    expect(after?.weeks).toEqual(before?.weeks);
    expect(after?.patient.physioName).toBe('Nadia New');
    expect(await getPatientRecord(newPhysio, patientId)).toMatchObject({ physioName: 'Nadia New' });
    expect((await caseloadRows(newPhysio, TODAY)).map((r) => r.id)).toEqual([patientId]);
    expect(
      await db().select().from(completions).where(eq(completions.patientId, patientId)),
    ).toHaveLength(2);
    expect(
      await db().select().from(painReports).where(eq(painReports.patientId, patientId)),
    ).toHaveLength(2);

    const assigned = (await auditFor(patientId)).filter((e) => e.action === 'patient.assigned');
    expect(assigned).toHaveLength(1);
    expect(assigned[0]).toMatchObject({
      actorId: admin.id,
      targetType: 'patient',
      targetId: patientId,
      details: { fromPhysioId: oldPhysio.id, toPhysioId: newPhysio.id },
    });

    // Assigning the physio the patient already has is a harmless no-op (a repeated submission).
    expect(await reassignPatient(admin, { patientId, physioId: newPhysio.id })).toMatchObject({
      ok: true,
      value: { changed: false },
    });
    expect((await auditFor(patientId)).filter((e) => e.action === 'patient.assigned')).toHaveLength(
      1,
    );
  });

  it('reassigns only to an active physiotherapist, and only patients', async () => {
    const admin = await createUser(db(), { role: 'admin' });
    const physio = await createUser(db(), { role: 'physio' });
    const inactive = await createUser(db(), { role: 'physio', active: false });
    const patient = await createPatient(db(), physio);

    for (const physioId of [inactive.id, admin.id, patient.id, NO_ONE]) {
      expect(await reassignPatient(admin, { patientId: patient.id, physioId })).toMatchObject({
        ok: false,
        reason: 'invalid',
        field: 'physioId',
      });
    }
    for (const patientId of [physio.id, NO_ONE]) {
      expect(await reassignPatient(admin, { patientId, physioId: physio.id })).toEqual({
        ok: false,
        reason: 'not_found',
      });
    }
    const [profile] = await db()
      .select()
      .from(patientProfiles)
      .where(eq(patientProfiles.userId, patient.id));
    expect(profile?.physioId).toBe(physio.id);
  });

  it('filters the account list by physio and shows a patient’s physio on their account', async () => {
    const admin = await createUser(db(), { role: 'admin' });
    const physio = await createUser(db(), { role: 'physio', name: 'Filter Physio' });
    const other = await createUser(db(), { role: 'physio' });
    const mine = await createPatient(db(), physio, { name: 'Mine' });
    await createPatient(db(), other, { name: 'Theirs' });

    expect((await listAccounts(admin, { physio: physio.id }))?.map((a) => a.id)).toEqual([mine.id]);
    expect((await listAccounts(admin, { physio: physio.id, status: 'deactivated' }))?.length).toBe(
      0,
    );
    expect(await getAccount(admin, mine.id)).toMatchObject({
      role: 'patient',
      physioId: physio.id,
      physioName: 'Filter Physio',
      physioActive: true,
    });
    expect(await getAccount(admin, NO_ONE)).toBeNull();
  });

  it('refuses physios and patients every admin function, as "not found", and writes nothing', async () => {
    const admin = await createUser(db(), { role: 'admin' });
    const physio = await createUser(db(), { role: 'physio' });
    const otherPhysio = await createUser(db(), { role: 'physio' });
    const patient = await createPatient(db(), physio);
    const usersBefore = await db().select({ id: users.id }).from(users);

    for (const actor of [physio, patient]) {
      expect(await listAccounts(actor)).toBeNull();
      expect(await listPhysios(actor)).toBeNull();
      expect(await getAccount(actor, patient.id)).toBeNull();
      expect(await getAccount(actor, actor.id)).toBeNull();
      expect(
        await createAccount(
          actor,
          newAccountSchema.parse({ role: 'physio', name: 'Sneaky', email: 'sneaky@clinic.test' }),
        ),
      ).toEqual({ ok: false, reason: 'not_found' });
      expect(await createAccount(actor, patientInput('sneaky2@clinic.test', physio.id))).toEqual({
        ok: false,
        reason: 'not_found',
      });
      expect(
        await reassignPatient(actor, { patientId: patient.id, physioId: otherPhysio.id }),
      ).toEqual({ ok: false, reason: 'not_found' });
      expect(await setAccountActive(actor, { userId: otherPhysio.id, active: false })).toEqual({
        ok: false,
        reason: 'not_found',
      });
      expect(await listAuditEvents(actor, { page: 1 }, { pageSize: 50 })).toBeNull();
      expect(await getClinicFigures(actor, TODAY)).toBeNull();
    }

    expect(await db().select({ id: users.id }).from(users)).toHaveLength(usersBefore.length);
    const [profile] = await db()
      .select()
      .from(patientProfiles)
      .where(eq(patientProfiles.userId, patient.id));
    expect(profile?.physioId).toBe(physio.id);
    expect((await db().select().from(users).where(eq(users.id, otherPhysio.id)))[0]?.active).toBe(
      true,
    );
    expect(
      await db()
        .select()
        .from(auditEvents)
        .where(inArray(auditEvents.actorId, [physio.id, patient.id])),
    ).toEqual([]);
    // The admin can do what they could not.
    expect(await listAccounts(admin)).not.toBeNull();
  });
});
