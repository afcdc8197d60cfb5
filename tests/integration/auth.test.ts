import { eq, sql, type SQL } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { setAccountActive } from '@/db/queries/accounts';
import { endSession, resolveSession, signInWithPassword } from '@/db/queries/auth';
import { auditEvents, signInAttempts, userSessions, users } from '@/db/schema';
import { setupTestDatabase } from './helpers/database';
import { PASSWORD, createUser } from './helpers/fixtures';

describe('signing in', () => {
  const db = setupTestDatabase();

  it('signs in with the right password, whatever the case of the email', async () => {
    const physio = await createUser(db(), { role: 'physio', email: 'sam.physio@clinic.test' });
    const signedIn = await signInWithPassword({
      email: '  Sam.Physio@Clinic.TEST ',
      password: PASSWORD,
      ip: '10.0.0.1',
    });
    expect(signedIn).toMatchObject({
      ok: true,
      value: { userId: physio.id, role: 'physio', sessionVersion: 1 },
    });
    if (!signedIn.ok) throw new Error('not signed in');
    const actor = await resolveSession({
      userId: physio.id,
      sessionId: signedIn.value.sessionId,
      sessionVersion: 1,
    });
    expect(actor).toMatchObject({ id: physio.id, role: 'physio', email: 'sam.physio@clinic.test' });
  });

  it('answers a wrong password, an unknown email and a deactivated account alike', async () => {
    const physio = await createUser(db(), { role: 'physio' });
    const inactive = await createUser(db(), { role: 'patient', active: false });
    const noPassword = await createUser(db(), { role: 'patient', withPassword: false });
    const refused = { ok: false, reason: 'refused' };
    expect(
      await signInWithPassword({
        email: physio.email,
        password: 'wrong password!',
        ip: '10.0.0.2',
      }),
    ).toEqual(refused);
    expect(
      await signInWithPassword({ email: 'nobody@clinic.test', password: PASSWORD, ip: '10.0.0.2' }),
    ).toEqual(refused);
    expect(
      await signInWithPassword({ email: inactive.email, password: PASSWORD, ip: '10.0.0.2' }),
    ).toEqual(refused);
    expect(
      await signInWithPassword({ email: noPassword.email, password: '', ip: '10.0.0.2' }),
    ).toEqual(refused);

    const attempts = await db()
      .select()
      .from(signInAttempts)
      .where(eq(signInAttempts.ip, '10.0.0.2'));
    expect(attempts).toHaveLength(4);
    expect(attempts.every((a) => a.succeeded === false)).toBe(true);
    const failures = await db()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'auth.sign_in_failed'));
    expect(failures.map((f) => f.ip)).toContain('10.0.0.2');
  });

  it('audits a successful sign-in with the address', async () => {
    const admin = await createUser(db(), { role: 'admin' });
    await signInWithPassword({ email: admin.email, password: PASSWORD, ip: '10.0.0.3' });
    const [event] = await db()
      .select()
      .from(auditEvents)
      .where(sql`${auditEvents.actorId} = ${admin.id} and ${auditEvents.action} = 'auth.sign_in'`);
    expect(event).toMatchObject({ ip: '10.0.0.3', targetId: admin.id });
  });
});

describe('sessions', () => {
  const db = setupTestDatabase();

  async function signedInAs(role: 'admin' | 'physio' | 'patient') {
    const user = await createUser(db(), { role });
    const signedIn = await signInWithPassword({
      email: user.email,
      password: PASSWORD,
      ip: '10.1.0.1',
    });
    if (!signedIn.ok) throw new Error('sign-in failed');
    const claims = {
      userId: user.id,
      sessionId: signedIn.value.sessionId,
      sessionVersion: signedIn.value.sessionVersion,
    };
    return { user, claims };
  }

  it('ends on sign-out', async () => {
    const { claims } = await signedInAs('physio');
    await endSession(claims);
    expect(await resolveSession(claims)).toBeNull();
  });

  it('loses access on the next request after the account is deactivated', async () => {
    const admin = await createUser(db(), { role: 'admin' });
    const { user, claims } = await signedInAs('patient');
    expect(await resolveSession(claims)).not.toBeNull();

    const outcome = await setAccountActive(admin, { userId: user.id, active: false });
    expect(outcome.ok).toBe(true);
    expect(await resolveSession(claims)).toBeNull();
    expect(
      await signInWithPassword({ email: user.email, password: PASSWORD, ip: '10.1.0.1' }),
    ).toMatchObject({ ok: false, reason: 'refused' });

    // Reactivation lets the person sign in again but does not revive the old session.
    await setAccountActive(admin, { userId: user.id, active: true });
    expect(await resolveSession(claims)).toBeNull();
    expect(
      await signInWithPassword({ email: user.email, password: PASSWORD, ip: '10.1.0.1' }),
    ).toMatchObject({ ok: true });
  });

  it('is void once the session version is bumped (password reset)', async () => {
    const { user, claims } = await signedInAs('physio');
    await db()
      .update(users)
      .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, user.id));
    expect(await resolveSession(claims)).toBeNull();
  });

  it('times out a staff session after 30 idle minutes', async () => {
    const { claims } = await signedInAs('physio');
    await db()
      .update(userSessions)
      .set({ lastSeenAt: sql`now() - interval '31 minutes'` })
      .where(eq(userSessions.id, claims.sessionId));
    expect(await resolveSession(claims)).toBeNull();
    // A timed-out session stays ended even if it would be "fresh" again.
    await db()
      .update(userSessions)
      .set({ lastSeenAt: sql`now()` })
      .where(eq(userSessions.id, claims.sessionId));
    expect(await resolveSession(claims)).toBeNull();
  });

  it('ends any session 12 hours after sign-in', async () => {
    const { claims } = await signedInAs('patient');
    await db()
      .update(userSessions)
      .set({ createdAt: sql`now() - interval '12 hours 1 minute'` })
      .where(eq(userSessions.id, claims.sessionId));
    expect(await resolveSession(claims)).toBeNull();
  });

  it("cannot be used with another user's id", async () => {
    const { claims } = await signedInAs('patient');
    const other = await createUser(db(), { role: 'admin' });
    expect(await resolveSession({ ...claims, userId: other.id })).toBeNull();
  });
});

describe('sign-in throttling', () => {
  const db = setupTestDatabase();

  /** Moves the recorded attempts `seconds` into the past, as if time had passed. */
  async function age(where: SQL, seconds: number) {
    await db()
      .update(signInAttempts)
      .set({ attemptedAt: sql`${signInAttempts.attemptedAt} - make_interval(secs => ${seconds})` })
      .where(where);
  }

  /** Dates the recorded attempts to this instant, however slowly the test got here. */
  async function justNow(where: SQL) {
    await db()
      .update(signInAttempts)
      .set({ attemptedAt: sql`clock_timestamp()` })
      .where(where);
  }

  it('refuses at once after repeated wrong passwords, without locking the owner out', async () => {
    const physio = await createUser(db(), { role: 'physio' });
    const account = eq(signInAttempts.email, physio.email);
    for (let i = 0; i < 3; i++) {
      expect(
        await signInWithPassword({ email: physio.email, password: `wrong ${i}`, ip: '10.2.0.1' }),
      ).toMatchObject({ ok: false, reason: 'refused' });
    }
    await justNow(account);
    // Counted per account across addresses, so moving address does not reset it; and answered
    // at once, without checking the password (which is right).
    const started = Date.now();
    expect(
      await signInWithPassword({ email: physio.email, password: PASSWORD, ip: '10.2.0.99' }),
    ).toEqual({ ok: false, reason: 'throttled', retryAfterSeconds: 1 });
    expect(Date.now() - started).toBeLessThan(400);
    expect(
      await signInWithPassword({
        email: 'someone-else@clinic.test',
        password: 'x',
        ip: '10.2.0.98',
      }),
    ).toMatchObject({ reason: 'refused' });

    // Once the wait is over the right password works.
    await age(account, 2);
    expect(
      await signInWithPassword({ email: physio.email, password: PASSWORD, ip: '10.2.0.1' }),
    ).toMatchObject({ ok: true });
  });

  it('doubles the wait with each further failure, up to 8 seconds', async () => {
    const waits: number[] = [];
    for (const failures of [3, 4, 5, 6, 7, 20]) {
      const email = `doubling-${failures}@clinic.test`;
      await db()
        .insert(signInAttempts)
        .values(
          Array.from({ length: failures }, () => ({ email, ip: '10.5.0.1', succeeded: false })),
        );
      await justNow(eq(signInAttempts.email, email));
      const result = await signInWithPassword({ email, password: 'x', ip: `10.5.1.${failures}` });
      waits.push(!result.ok && result.reason === 'throttled' ? result.retryAfterSeconds : 0);
    }
    // 0.5 s reads as 1 second.
    expect(waits).toEqual([1, 1, 2, 4, 8, 8]);
  });

  it('starts the account count again after a successful sign-in', async () => {
    const physio = await createUser(db(), { role: 'physio' });
    for (let i = 0; i < 3; i++) {
      await signInWithPassword({ email: physio.email, password: 'typo', ip: '10.6.0.1' });
    }
    await age(eq(signInAttempts.email, physio.email), 1);
    expect(
      await signInWithPassword({ email: physio.email, password: PASSWORD, ip: '10.6.0.1' }),
    ).toMatchObject({ ok: true });
    expect(
      await signInWithPassword({ email: physio.email, password: 'typo', ip: '10.6.0.1' }),
    ).toMatchObject({ reason: 'refused' });
  });

  it('refuses an address that tries many accounts, alike for known and unknown emails', async () => {
    const physio = await createUser(db(), { role: 'physio' });
    for (let i = 0; i < 10; i++) {
      await signInWithPassword({
        email: `guess${i}@clinic.test`,
        password: 'not a password',
        ip: '10.3.0.1',
      });
    }
    await justNow(eq(signInAttempts.ip, '10.3.0.1'));
    const known = await signInWithPassword({
      email: physio.email,
      password: PASSWORD,
      ip: '10.3.0.1',
    });
    const unknown = await signInWithPassword({
      email: 'fresh@clinic.test',
      password: 'x',
      ip: '10.3.0.1',
    });
    expect(known).toEqual({ ok: false, reason: 'throttled', retryAfterSeconds: 1 });
    expect(unknown).toEqual(known);
    expect(
      await signInWithPassword({ email: physio.email, password: PASSWORD, ip: '10.3.0.2' }),
    ).toMatchObject({ ok: true });
  });

  it('forgets failures older than the 15-minute window', async () => {
    const physio = await createUser(db(), { role: 'physio' });
    for (let i = 0; i < 5; i++) {
      await signInWithPassword({ email: physio.email, password: 'wrong again', ip: '10.4.0.1' });
    }
    await db()
      .update(signInAttempts)
      .set({ attemptedAt: sql`now() - interval '16 minutes'` })
      .where(eq(signInAttempts.email, physio.email));
    expect(
      await signInWithPassword({ email: physio.email, password: PASSWORD, ip: '10.4.0.1' }),
    ).toMatchObject({ ok: true });
  });
});
