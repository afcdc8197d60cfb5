import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { signInWithPassword } from '@/db/queries/auth';
import { addPatient } from '@/db/queries/patients';
import {
  ASK_ADMIN_FOR_LINK,
  issueSetPasswordLink,
  redeemSetPasswordLink,
} from '@/db/queries/set-password';
import { auditEvents, setPasswordTokens } from '@/db/schema';
import { setupTestDatabase } from './helpers/database';
import { PASSWORD, createPatient, createUser } from './helpers/fixtures';

const PATIENT_PASSWORD = 'my own sunny garden path';
const ATTACKER_PASSWORD = 'the physio chose this one';

describe('Security finding 02: a physio cannot take over a patient’s account', () => {
  const db = setupTestDatabase();

  async function invitedPatient(physio: Awaited<ReturnType<typeof createUser>>) {
    const added = await addPatient(physio, {
      name: 'Pat Invited',
      email: `pat-${Math.random().toString(36).slice(2, 10)}@clinic.test`,
      dateOfBirth: '1980-02-02',
      condition: 'Low back pain',
      goal: 'Garden again',
    });
    if (!added.ok) throw new Error('patient not added');
    return added.value;
  }

  async function auditOf(action: string, targetId: string) {
    return db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, action), eq(auditEvents.targetId, targetId)));
  }

  it('refuses a physio a link for a patient who has set a password, and says to ask the admin', async () => {
    const physio = await createUser(db(), { role: 'physio' });
    const patient = await createPatient(db(), physio);
    const before = await db()
      .select()
      .from(setPasswordTokens)
      .where(eq(setPasswordTokens.userId, patient.id));

    const outcome = await issueSetPasswordLink(physio, patient.id);
    expect(outcome).toEqual({ ok: false, reason: 'invalid', message: ASK_ADMIN_FOR_LINK });
    expect(ASK_ADMIN_FOR_LINK).toMatch(/admin/);

    // The takeover the review reproduced: had a link come back, the physio could set the
    // password and sign in as the patient. Nothing was issued, so the patient's password holds.
    if (outcome.ok) {
      await redeemSetPasswordLink({
        token: outcome.value.token,
        password: ATTACKER_PASSWORD,
        ip: '10.30.0.1',
      });
    }
    expect(
      await signInWithPassword({
        email: patient.email,
        password: ATTACKER_PASSWORD,
        ip: '10.30.0.2',
      }),
    ).toMatchObject({ ok: false });
    expect(
      await signInWithPassword({ email: patient.email, password: PASSWORD, ip: '10.30.0.3' }),
    ).toMatchObject({ ok: true });
    expect(
      await db().select().from(setPasswordTokens).where(eq(setPasswordTokens.userId, patient.id)),
    ).toEqual(before);
    expect(await auditOf('account.password_link_issued', patient.id)).toEqual([]);
  });

  it('lets the physio re-issue the first invitation while no password is set, until one is', async () => {
    const physio = await createUser(db(), { role: 'physio' });
    const { patientId, token: first } = await invitedPatient(physio);

    // The first link was lost: the physio may hand over a new one, which replaces it.
    const again = await issueSetPasswordLink(physio, patientId);
    if (!again.ok) throw new Error('a lost invitation should be re-issued');
    expect(
      await redeemSetPasswordLink({ token: first, password: PATIENT_PASSWORD, ip: '10.31.0.1' }),
    ).toMatchObject({
      ok: false,
    });
    expect(
      await redeemSetPasswordLink({
        token: again.value.token,
        password: PATIENT_PASSWORD,
        ip: '10.31.0.1',
      }),
    ).toMatchObject({ ok: true });

    expect(await issueSetPasswordLink(physio, patientId)).toMatchObject({
      ok: false,
      reason: 'invalid',
      message: ASK_ADMIN_FOR_LINK,
    });
  });

  it('leaves re-issuing a link for an account with a password to an admin', async () => {
    const physio = await createUser(db(), { role: 'physio' });
    const admin = await createUser(db(), { role: 'admin' });
    const patient = await createPatient(db(), physio);
    const outcome = await issueSetPasswordLink(admin, patient.id);
    expect(outcome.ok).toBe(true);
    expect(await auditOf('account.password_link_issued', patient.id)).toMatchObject([
      { actorId: admin.id, targetType: 'user' },
    ]);
  });

  it('audits issuing, redeeming and failing to redeem, with the address and never the token', async () => {
    const physio = await createUser(db(), { role: 'physio' });
    const { patientId, token } = await invitedPatient(physio);
    const reissued = await issueSetPasswordLink({ ...physio, ip: '10.32.0.9' }, patientId);
    if (!reissued.ok) throw new Error('not issued');

    expect(
      await redeemSetPasswordLink({ token, password: PATIENT_PASSWORD, ip: '10.32.0.1' }),
    ).toMatchObject({ ok: false });
    expect(
      await redeemSetPasswordLink({
        token: reissued.value.token,
        password: PATIENT_PASSWORD,
        ip: '10.32.0.2',
      }),
    ).toMatchObject({ ok: true });

    expect(await auditOf('account.password_link_issued', patientId)).toMatchObject([
      { actorId: physio.id, ip: '10.32.0.9' },
    ]);
    expect(await auditOf('account.password_link_failed', patientId)).toMatchObject([
      { actorId: null, ip: '10.32.0.1', details: { reason: 'used' } },
    ]);
    expect(await auditOf('account.password_set', patientId)).toMatchObject([
      { actorId: patientId, ip: '10.32.0.2' },
    ]);
    const everything = JSON.stringify(await db().select().from(auditEvents));
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(reissued.value.token);
  });

  it('never lets a link issued by a physio race past the patient setting a password', async () => {
    const physio = await createUser(db(), { role: 'physio' });
    for (let round = 0; round < 8; round++) {
      const { patientId, token } = await invitedPatient(physio);
      const [redeemed, issued] = await Promise.all([
        redeemSetPasswordLink({ token, password: PATIENT_PASSWORD, ip: `10.33.${round}.1` }),
        // Staggered, so some land while the password is hashed and some as it is stored.
        new Promise((resolve) => setTimeout(resolve, round * 25)).then(() =>
          issueSetPasswordLink(physio, patientId),
        ),
      ]);
      // Either the patient set their password and the physio was refused, or the physio's new
      // link came first and replaced the one the patient was using. Never both.
      expect(redeemed.ok && issued.ok).toBe(false);
      expect(redeemed.ok || issued.ok).toBe(true);
    }
  });
});
