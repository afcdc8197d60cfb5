import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { listAccounts, setAccountActive } from '@/db/queries/accounts';
import { auditEvents, users } from '@/db/schema';
import { setupTestDatabase } from './helpers/database';
import { createPatient, createUser } from './helpers/fixtures';

describe('account administration', () => {
  const db = setupTestDatabase();

  it('lists and filters accounts for an admin, with the patient’s physio', async () => {
    const admin = await createUser(db(), { role: 'admin', name: 'Ada Admin' });
    const physio = await createUser(db(), { role: 'physio', name: 'Priya Physio' });
    const patient = await createPatient(db(), physio, { name: 'Paul Patient' });

    const all = await listAccounts(admin);
    expect(all?.map((a) => a.name)).toEqual(
      expect.arrayContaining(['Ada Admin', 'Priya Physio', 'Paul Patient']),
    );
    expect(all?.find((a) => a.id === patient.id)?.physioName).toBe('Priya Physio');

    expect((await listAccounts(admin, { role: 'physio' }))?.map((a) => a.id)).toEqual([physio.id]);
    expect((await listAccounts(admin, { search: 'paul' }))?.map((a) => a.id)).toEqual([patient.id]);
    // LIKE wildcards typed into search are matched literally.
    expect(await listAccounts(admin, { search: '%' })).toEqual([]);
  });

  it('gives physios and patients no account list and no way to change accounts', async () => {
    const physio = await createUser(db(), { role: 'physio' });
    const patient = await createPatient(db(), physio);
    expect(await listAccounts(physio)).toBeNull();
    expect(await listAccounts(patient)).toBeNull();
    expect(await setAccountActive(physio, { userId: patient.id, active: false })).toEqual({
      ok: false,
      reason: 'not_found',
    });
    const [row] = await db().select().from(users).where(eq(users.id, patient.id));
    expect(row?.active).toBe(true);
  });

  it('refuses to deactivate the last active admin', async () => {
    const admins = await db()
      .select()
      .from(users)
      .where(sql`${users.role} = 'admin' and ${users.active}`);
    for (const a of admins) {
      await db().update(users).set({ active: false }).where(eq(users.id, a.id));
    }
    const lastAdmin = await createUser(db(), { role: 'admin', name: 'Last admin' });
    const outcome = await setAccountActive(lastAdmin, { userId: lastAdmin.id, active: false });
    expect(outcome).toMatchObject({ ok: false, reason: 'invalid' });

    const second = await createUser(db(), { role: 'admin' });
    expect((await setAccountActive(second, { userId: lastAdmin.id, active: false })).ok).toBe(true);
  });

  it('records deactivation and reactivation in the audit log, which cannot be rewritten', async () => {
    const admin = await createUser(db(), { role: 'admin' });
    const physio = await createUser(db(), { role: 'physio' });
    await setAccountActive(admin, { userId: physio.id, active: false });
    await setAccountActive(admin, { userId: physio.id, active: true });
    const events = await db()
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.targetId, physio.id))
      .orderBy(auditEvents.id);
    expect(events.map((e) => e.action)).toEqual(['account.deactivated', 'account.reactivated']);

    await expect(
      db().execute(sql`update audit_events set action = 'auth.sign_in'`),
    ).rejects.toThrow();
    await expect(db().execute(sql`delete from audit_events`)).rejects.toThrow();
  });

  it('returns not found for an account that does not exist', async () => {
    const admin = await createUser(db(), { role: 'admin' });
    expect(
      await setAccountActive(admin, {
        userId: '00000000-0000-4000-8000-000000000000',
        active: false,
      }),
    ).toEqual({ ok: false, reason: 'not_found' });
  });
});
