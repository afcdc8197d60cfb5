import { randomBytes } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { setPasswordAction } from '@/app/(auth)/set-password/actions';
import { addPatient } from '@/db/queries/patients';
import { redeemSetPasswordLink } from '@/db/queries/set-password';
import { auditEvents, setPasswordAttempts, setPasswordTokens, users } from '@/db/schema';
import type * as Passwords from '@/lib/passwords';
import { SET_PASSWORD_RULES } from '@/lib/sign-in-throttle';
import { setupTestDatabase } from './helpers/database';
import { createUser } from './helpers/fixtures';

// Counts the new passwords hashed, around the real argon2id.
const hashing = vi.hoisted(() => ({ calls: 0 }));
vi.mock('@/lib/passwords', async (importOriginal) => {
  const real = await importOriginal<typeof Passwords>();
  return {
    ...real,
    hashPassword: (password: string) => {
      hashing.calls += 1;
      return real.hashPassword(password);
    },
  };
});

// The server action reads the request's headers; here, a request from one socket address.
const request = vi.hoisted(() => ({ peer: '10.40.9.9' }));
vi.mock('next/headers', () => ({
  headers: async () => new Headers({ 'x-adhere-peer-address': request.peer }),
}));

const NEW_PASSWORD = 'a quiet walk by the canal';
const madeUp = () => randomBytes(32).toString('base64url');

describe('Security finding 09: set-password links are checked before hashing, and throttled', () => {
  const db = setupTestDatabase();

  beforeAll(() => {
    // The action reads configuration for TRUSTED_PROXY_HOPS; a fixed secret keeps it off disk.
    vi.stubEnv('NEXTAUTH_SECRET', 'integration-test-secret-0123456789abcdef');
  });
  afterEach(() => {
    hashing.calls = 0;
  });

  async function invite() {
    const physio = await createUser(db(), { role: 'physio' });
    const added = await addPatient(physio, {
      name: 'Tess Token',
      email: `tess-${randomBytes(4).toString('hex')}@clinic.test`,
      dateOfBirth: '1975-03-03',
      condition: 'Low back pain',
      goal: 'Cycle to work',
    });
    if (!added.ok) throw new Error('not added');
    return added.value;
  }

  it('spends no password hashing on a made-up, used, expired or deactivated link', async () => {
    const used = await invite();
    expect(
      await redeemSetPasswordLink({ token: used.token, password: NEW_PASSWORD, ip: '10.40.0.1' }),
    ).toMatchObject({ ok: true });
    const expired = await invite();
    await db()
      .update(setPasswordTokens)
      .set({ createdAt: sql`now() - interval '8 days'`, expiresAt: sql`now() - interval '1 day'` })
      .where(eq(setPasswordTokens.userId, expired.patientId));
    const inactive = await invite();
    await db().update(users).set({ active: false }).where(eq(users.id, inactive.patientId));
    hashing.calls = 0;

    const cases = [
      [madeUp(), 'unknown'],
      [used.token, 'used'],
      [expired.token, 'expired'],
      [inactive.token, 'inactive'],
    ] as const;
    for (const [token, problem] of cases) {
      const result = await redeemSetPasswordLink({
        token,
        password: NEW_PASSWORD,
        ip: '10.40.0.2',
      });
      expect(result).toEqual({ ok: false, reason: 'unusable', problem });
    }
    expect(hashing.calls).toBe(0);

    // The failures are audited with the reason and the address, and never the token.
    const failed = await db()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'account.password_link_failed'))
      .orderBy(asc(auditEvents.id));
    expect(failed.map((f) => [f.details, f.ip])).toEqual(
      cases.map(([, reason]) => [{ reason }, '10.40.0.2']),
    );
    expect(failed.map((f) => f.targetId)).toEqual([
      null,
      used.patientId,
      expired.patientId,
      inactive.patientId,
    ]);
    const stored = JSON.stringify([failed, await db().select().from(setPasswordAttempts)]);
    for (const [token] of cases) expect(stored).not.toContain(token);
  });

  it('hashes exactly once for a good link', async () => {
    const { token } = await invite();
    expect(
      await redeemSetPasswordLink({ token, password: NEW_PASSWORD, ip: '10.41.0.1' }),
    ).toMatchObject({ ok: true });
    expect(hashing.calls).toBe(1);
  });

  it('throttles an address that tries many links, and answers at once', async () => {
    const { token } = await invite();
    const ip = '10.42.0.1';
    const guesses = await Promise.all(
      Array.from({ length: 25 }, () =>
        redeemSetPasswordLink({ token: madeUp(), password: NEW_PASSWORD, ip }),
      ),
    );
    const refused = guesses.filter((g) => !g.ok && g.reason === 'unusable');
    const throttled = guesses.filter((g) => !g.ok && g.reason === 'throttled');
    expect(refused.length).toBeGreaterThanOrEqual(SET_PASSWORD_RULES.address.freeFailures);
    expect(refused.length).toBeLessThan(25);
    expect(refused.length + throttled.length).toBe(25);

    // Even a good link waits while its address is throttled (dated to now, however slowly the
    // test ran); from elsewhere it works.
    await db()
      .update(setPasswordAttempts)
      .set({ attemptedAt: sql`clock_timestamp()` })
      .where(eq(setPasswordAttempts.ip, ip));
    const fromThere = await redeemSetPasswordLink({ token, password: NEW_PASSWORD, ip });
    expect(fromThere).toMatchObject({ ok: false, reason: 'throttled' });
    expect(
      await redeemSetPasswordLink({ token, password: NEW_PASSWORD, ip: '10.42.0.2' }),
    ).toMatchObject({ ok: true });
    expect(hashing.calls).toBe(1);
  });

  it('throttles one link tried again and again, from any address', async () => {
    const { token } = await invite();
    await redeemSetPasswordLink({ token, password: NEW_PASSWORD, ip: '10.43.0.1' });
    hashing.calls = 0;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        redeemSetPasswordLink({ token, password: NEW_PASSWORD, ip: `10.43.1.${i + 1}` }),
      ),
    );
    const refused = results.filter((r) => !r.ok && r.reason === 'unusable');
    expect(refused.length).toBeGreaterThanOrEqual(SET_PASSWORD_RULES.token.freeFailures);
    expect(refused.length).toBeLessThan(10);
    expect(results.filter((r) => !r.ok && r.reason === 'throttled')).toHaveLength(
      10 - refused.length,
    );
    expect(hashing.calls).toBe(0);
  });

  it('tells the person on the form to try again in N seconds', async () => {
    request.peer = '10.44.0.1';
    const states = await Promise.all(
      Array.from({ length: 14 }, () =>
        setPasswordAction({ token: madeUp(), password: NEW_PASSWORD, confirm: NEW_PASSWORD }),
      ),
    );
    const throttled = states.filter((s) => s.message?.startsWith('Too many attempts'));
    expect(throttled.length).toBeGreaterThan(0);
    for (const state of throttled) {
      expect(state).toEqual({
        status: 'error',
        message: expect.stringMatching(/^Too many attempts — try again in \d+ seconds?\.$/),
      });
    }
    const failures = await db()
      .select({ ip: setPasswordAttempts.ip })
      .from(setPasswordAttempts)
      .where(eq(setPasswordAttempts.ip, '10.44.0.1'));
    expect(failures).toHaveLength(14 - throttled.length);
  });

  it('says what is wrong with a link that cannot be used', async () => {
    request.peer = '10.45.0.1';
    const state = await setPasswordAction({
      token: madeUp(),
      password: NEW_PASSWORD,
      confirm: NEW_PASSWORD,
    });
    expect(state).toEqual({
      status: 'error',
      message: expect.stringMatching(/^This link is not valid\..*Ask your physiotherapist/),
    });
  });
});
