import { asc, eq, inArray, type SQL } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { signInWithPassword, type SignInResult } from '@/db/queries/auth';
import { signInAttempts } from '@/db/schema';
import {
  SIGN_IN_RULES,
  requiredWaitMs,
  throttledMessage,
  type ThrottleRule,
} from '@/lib/sign-in-throttle';
import { setupTestDatabase } from './helpers/database';
import { PASSWORD, createUser } from './helpers/fixtures';

type Guess = { email: string; password: string; ip: string };

/** Sends every guess at once, as an attacker's script would. */
function all(guesses: Guess[]): Promise<SignInResult[]> {
  return Promise.all(guesses.map((guess) => signInWithPassword(guess)));
}

const throttled = (results: SignInResult[]) =>
  results.filter((r) => !r.ok && r.reason === 'throttled');

function expectTryAgain(result: SignInResult | undefined) {
  expect(result).toMatchObject({ ok: false, reason: 'throttled' });
  if (!result || result.ok || result.reason !== 'throttled') return;
  expect(result.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  expect(throttledMessage(result.retryAfterSeconds)).toMatch(
    /^Too many attempts — try again in \d+ seconds?\.$/,
  );
}

describe('Security finding 01: sign-in throttling holds against parallel and spread guesses', () => {
  const db = setupTestDatabase();

  /**
   * The passwords that were checked for one account or address, in the order they were claimed:
   * after the free failures, each one came no sooner than the rule's wait after the one before.
   * (Before the fix all 30 were checked within milliseconds.)
   */
  async function expectChecksSpacedByTheRule(where: SQL, rule: ThrottleRule) {
    const rows = await db()
      .select({ at: signInAttempts.attemptedAt, succeeded: signInAttempts.succeeded })
      .from(signInAttempts)
      .where(where)
      .orderBy(asc(signInAttempts.attemptedAt));
    expect(rows.length).toBeGreaterThanOrEqual(rule.freeFailures);
    expect(rows.length).toBeLessThan(30);
    for (let k = rule.freeFailures; k < rows.length; k++) {
      const gap = rows[k]!.at.getTime() - rows[k - 1]!.at.getTime();
      // 1 ms of slack: the database compares microseconds, Date keeps milliseconds.
      expect(gap).toBeGreaterThanOrEqual(requiredWaitMs(k, rule) - 1);
    }
    expect(rows.every((r) => r.succeeded !== null)).toBe(true);
    return rows;
  }

  /** Failures on record as if just made, enough for the longest wait. */
  async function recentFailures(email: string, ip: string, n = 8) {
    await db()
      .insert(signInAttempts)
      .values(Array.from({ length: n }, () => ({ email, ip, succeeded: false })));
  }

  it('counts 30 simultaneous guesses for one account one by one', async () => {
    const physio = await createUser(db(), { role: 'physio' });
    const results = await all(
      Array.from({ length: 30 }, (_, i) => ({
        email: physio.email,
        password: `wrong guess ${i}`,
        ip: '10.10.0.1',
      })),
    );
    const checks = await expectChecksSpacedByTheRule(
      eq(signInAttempts.email, physio.email),
      SIGN_IN_RULES.account,
    );
    expect(throttled(results)).toHaveLength(30 - checks.length);
    throttled(results).forEach(expectTryAgain);
  });

  it('lets the right password in among simultaneous wrong ones only as the rule allows', async () => {
    const physio = await createUser(db(), { role: 'physio' });
    const results = await all(
      Array.from({ length: 30 }, (_, i) => ({
        email: physio.email,
        password: i === 29 ? PASSWORD : `wrong guess ${i}`,
        ip: '10.10.1.1',
      })),
    );
    await expectChecksSpacedByTheRule(
      eq(signInAttempts.email, physio.email),
      SIGN_IN_RULES.account,
    );
    // Sent last, it queues behind the wrong ones, which have used up the free failures.
    expectTryAgain(results[29]);
  });

  it('refuses the right password while the account is throttled, at once', async () => {
    const physio = await createUser(db(), { role: 'physio' });
    await recentFailures(physio.email, '10.10.2.1');
    const started = Date.now();
    const results = await all(
      Array.from({ length: 30 }, (_, i) => ({
        email: physio.email,
        password: i % 2 ? PASSWORD : 'wrong guess',
        ip: `10.10.2.${i + 2}`,
      })),
    );
    // No sleeping inside the request (before the fix each one slept 8 s, then got in).
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(throttled(results)).toHaveLength(30);
    results.forEach(expectTryAgain);
  });

  it('counts them per account, however many addresses they come from', async () => {
    const physio = await createUser(db(), { role: 'physio' });
    const results = await all(
      Array.from({ length: 30 }, (_, i) => ({
        email: physio.email,
        password: i === 29 ? PASSWORD : `wrong guess ${i}`,
        ip: `10.11.0.${i + 1}`,
      })),
    );
    await expectChecksSpacedByTheRule(
      eq(signInAttempts.email, physio.email),
      SIGN_IN_RULES.account,
    );
    expectTryAgain(results[29]);
  });

  it('counts them per address, however many accounts they try', async () => {
    const accounts = await Promise.all(
      Array.from({ length: 30 }, () => createUser(db(), { role: 'patient' })),
    );
    const results = await all(
      accounts.map((account, i) => ({
        email: account.email,
        password: i === 29 ? PASSWORD : 'a guessed password',
        ip: '10.12.0.1',
      })),
    );
    await expectChecksSpacedByTheRule(eq(signInAttempts.ip, '10.12.0.1'), SIGN_IN_RULES.address);
    expectTryAgain(results[29]);
  });

  it('answers a throttled known and unknown email alike, without checking the password', async () => {
    const physio = await createUser(db(), { role: 'physio' });
    const ghost = 'no-such-person@clinic.test';
    await recentFailures(physio.email, '10.13.0.1');
    await recentFailures(ghost, '10.13.0.1');
    const known = await signInWithPassword({
      email: physio.email,
      password: PASSWORD,
      ip: '10.13.1.1',
    });
    const unknown = await signInWithPassword({ email: ghost, password: PASSWORD, ip: '10.13.1.2' });
    for (const result of [known, unknown]) {
      expectTryAgain(result);
      expect(result).toMatchObject({
        retryAfterSeconds: expect.toSatisfy((s: number) => s >= 7 && s <= 8),
      });
    }
    // Neither was checked: nothing new on record for them.
    const checked = await db()
      .select()
      .from(signInAttempts)
      .where(inArray(signInAttempts.ip, ['10.13.1.1', '10.13.1.2']));
    expect(checked).toEqual([]);
  });

  it('never deadlocks when guesses cross accounts and addresses', async () => {
    const accounts = await Promise.all(
      Array.from({ length: 4 }, () => createUser(db(), { role: 'patient' })),
    );
    const results = await all(
      Array.from({ length: 48 }, (_, i) => ({
        email: accounts[i % 4]!.email,
        password: 'wrong',
        ip: `10.14.0.${(Math.floor(i / 4) + i) % 4}`,
      })),
    );
    expect(results).toHaveLength(48);
    expect(results.every((r) => !r.ok)).toBe(true);
  });
});
