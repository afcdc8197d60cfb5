import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SET_PASSWORD_RULES,
  SIGN_IN_RULES,
  decideThrottle,
  parseThrottledErrorCode,
  remainingWaitMs,
  requiredWaitMs,
  throttledErrorCode,
  throttledMessage,
} from '@/lib/sign-in-throttle';

const account = SIGN_IN_RULES.account;
const none = { failures: 0, sinceLastFailureMs: null };
const tally = (failures: number, sinceLastFailureMs: number | null = 0) => ({
  failures,
  sinceLastFailureMs,
});

describe('requiredWaitMs', () => {
  it('lets the first few mistakes through without a wait', () => {
    expect([0, 1, 2].map((n) => requiredWaitMs(n, account))).toEqual([0, 0, 0]);
    expect(requiredWaitMs(9, SIGN_IN_RULES.address)).toBe(0);
  });

  it('doubles the wait with each further failure on an account, up to a ceiling', () => {
    const waits = [3, 4, 5, 6, 7, 20].map((n) => requiredWaitMs(n, account));
    expect(waits).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
  });

  it('gives an address more free failures than an account', () => {
    expect(requiredWaitMs(10, SIGN_IN_RULES.address)).toBe(500);
    expect(requiredWaitMs(12, SIGN_IN_RULES.address)).toBe(2000);
  });

  it('never locks out: the wait is bounded however many failures there are', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1_000_000_000 }), (failures) => {
        for (const rule of [
          ...Object.values(SIGN_IN_RULES),
          ...Object.values(SET_PASSWORD_RULES),
        ]) {
          const wait = requiredWaitMs(failures, rule);
          expect(wait).toBeGreaterThanOrEqual(0);
          expect(wait).toBeLessThanOrEqual(rule.maxDelayMs);
        }
      }),
    );
  });

  it('never waits less after more failures', () => {
    fc.assert(
      fc.property(fc.nat({ max: 10_000 }), fc.nat({ max: 10_000 }), (a, b) => {
        const [few, many] = a <= b ? [a, b] : [b, a];
        expect(requiredWaitMs(many, account)).toBeGreaterThanOrEqual(requiredWaitMs(few, account));
      }),
    );
  });
});

describe('remainingWaitMs', () => {
  it('counts the wait from the most recent failure', () => {
    expect(remainingWaitMs(tally(4, 0), account)).toBe(1000);
    expect(remainingWaitMs(tally(4, 300), account)).toBe(700);
    expect(remainingWaitMs(tally(4, 1000), account)).toBe(0);
    expect(remainingWaitMs(tally(4, 60_000), account)).toBe(0);
  });

  it('treats a clock that reads the last failure as just after now as no time passed', () => {
    expect(remainingWaitMs(tally(3, -50), account)).toBe(500);
  });

  it('has nothing to wait for without failures', () => {
    expect(remainingWaitMs(none, account)).toBe(0);
  });
});

describe('decideThrottle', () => {
  it('goes ahead when no axis asks for a wait', () => {
    expect(decideThrottle({ account: tally(2), address: tally(9) }, SIGN_IN_RULES)).toEqual({
      allowed: true,
    });
  });

  it('refuses at once with the longest wait of any axis, in whole seconds rounded up', () => {
    expect(decideThrottle({ account: tally(6, 100), address: none }, SIGN_IN_RULES)).toEqual({
      allowed: false,
      retryAfterSeconds: 4,
    });
    expect(decideThrottle({ account: tally(3, 0), address: tally(13, 0) }, SIGN_IN_RULES)).toEqual({
      allowed: false,
      retryAfterSeconds: 4,
    });
    // Half a second still to go reads as 1 second, never 0.
    expect(decideThrottle({ account: tally(3, 0), address: none }, SIGN_IN_RULES)).toEqual({
      allowed: false,
      retryAfterSeconds: 1,
    });
  });

  it('throttles set-password links per link and per address', () => {
    expect(decideThrottle({ token: tally(3, 0), address: none }, SET_PASSWORD_RULES).allowed).toBe(
      false,
    );
    expect(decideThrottle({ token: none, address: tally(10, 0) }, SET_PASSWORD_RULES).allowed).toBe(
      false,
    );
    expect(
      decideThrottle({ token: tally(2, 0), address: tally(9, 0) }, SET_PASSWORD_RULES).allowed,
    ).toBe(true);
  });
});

describe('the throttled answer', () => {
  it('says how long to wait', () => {
    expect(throttledMessage(1)).toBe('Too many attempts — try again in 1 second.');
    expect(throttledMessage(8)).toBe('Too many attempts — try again in 8 seconds.');
  });

  it('travels from the server to the sign-in form as an error code', () => {
    expect(parseThrottledErrorCode(throttledErrorCode(5))).toBe(5);
    expect(parseThrottledErrorCode(throttledErrorCode(0.2))).toBe(1);
    expect(parseThrottledErrorCode('CredentialsSignin')).toBeNull();
    expect(parseThrottledErrorCode(undefined)).toBeNull();
    expect(parseThrottledErrorCode('SignInThrottled:abc')).toBeNull();
  });
});
