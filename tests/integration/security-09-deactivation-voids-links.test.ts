import { and, eq, isNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createAccount, setAccountActive } from '@/db/queries/accounts';
import {
  inspectSetPasswordLink,
  issueSetPasswordLink,
  redeemSetPasswordLink,
} from '@/db/queries/set-password';
import { setPasswordTokens, users } from '@/db/schema';
import { newAccountSchema } from '@/lib/validation/account';
import { setupTestDatabase } from './helpers/database';
import { createUser } from './helpers/fixtures';

const NEW_PASSWORD = 'a long and private passphrase';

describe('Security finding 09: deactivation voids open set-password links', () => {
  const db = setupTestDatabase();

  async function openLinks(userId: string) {
    return db()
      .select({ id: setPasswordTokens.id })
      .from(setPasswordTokens)
      .where(and(eq(setPasswordTokens.userId, userId), isNull(setPasswordTokens.usedAt)));
  }

  it('a link issued before deactivation is refused after reactivation; a new link works', async () => {
    const admin = await createUser(db(), { role: 'admin' });
    const physio = await createUser(db(), { role: 'physio' });
    const created = await createAccount(
      admin,
      newAccountSchema.parse({
        role: 'patient',
        name: 'Ivy Invited',
        email: 'ivy@example.org',
        physioId: physio.id,
      }),
    );
    if (!created.ok) throw new Error('account not created');
    const { userId, token: invitation } = created.value;
    expect(await inspectSetPasswordLink(invitation)).toMatchObject({ status: 'valid' });

    expect((await setAccountActive(admin, { userId, active: false })).ok).toBe(true);
    expect((await setAccountActive(admin, { userId, active: true })).ok).toBe(true);

    expect((await inspectSetPasswordLink(invitation)).status).not.toBe('valid');
    expect(
      await redeemSetPasswordLink({ token: invitation, password: NEW_PASSWORD, ip: '192.0.2.9' }),
    ).toEqual({ ok: false, reason: 'unusable', problem: 'used' });
    expect(await openLinks(userId)).toEqual([]);
    const [account] = await db()
      .select({ passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.id, userId));
    expect(account?.passwordHash).toBeNull();

    // Reactivated accounts get in with a link issued after the reactivation.
    const fresh = await issueSetPasswordLink(admin, userId);
    if (!fresh.ok) throw new Error('link not issued');
    expect(await inspectSetPasswordLink(fresh.value.token)).toMatchObject({ status: 'valid' });
    expect(
      await redeemSetPasswordLink({
        token: fresh.value.token,
        password: NEW_PASSWORD,
        ip: '192.0.2.9',
      }),
    ).toEqual({ ok: true, value: { email: 'ivy@example.org' } });
  });

  it('leaves the links of other accounts alone', async () => {
    const admin = await createUser(db(), { role: 'admin' });
    const a = await createUser(db(), { role: 'physio', withPassword: false });
    const b = await createUser(db(), { role: 'physio', withPassword: false });
    const linkA = await issueSetPasswordLink(admin, a.id);
    const linkB = await issueSetPasswordLink(admin, b.id);
    if (!linkA.ok || !linkB.ok) throw new Error('links not issued');
    await setAccountActive(admin, { userId: a.id, active: false });
    expect(await openLinks(a.id)).toEqual([]);
    expect(await inspectSetPasswordLink(linkB.value.token)).toMatchObject({ status: 'valid' });
  });
});
