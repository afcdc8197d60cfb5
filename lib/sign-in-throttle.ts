/**
 * Throttling of password guesses, as pure rules: after a few recent failures each further attempt
 * must wait longer since the last one, doubling up to a ceiling, and the right password still works
 * once the wait is over. There is no lock-out: it would let an attacker keep a real clinician out
 * of their account. The data layer counts the failures (in PostgreSQL, under a lock, so parallel
 * guesses are counted rather than raced) and answers a throttled attempt at once.
 *
 * No server-only imports: the sign-in form reads the error code and message from here too.
 */

/** Failures older than this are forgotten. */
export const THROTTLE_WINDOW_MINUTES = 15;

export interface ThrottleRule {
  /** Failures within the window that cost nothing. */
  freeFailures: number;
  /** The wait after the first failure past the free ones; it doubles with each further one. */
  baseDelayMs: number;
  /** The longest wait, however many failures: a real user is never kept out longer. */
  maxDelayMs: number;
}

/** Sign-in: per account (the normalised email, known or not) and per client address. */
export const SIGN_IN_RULES = {
  account: { freeFailures: 3, baseDelayMs: 500, maxDelayMs: 8_000 },
  address: { freeFailures: 10, baseDelayMs: 500, maxDelayMs: 8_000 },
} as const satisfies Record<string, ThrottleRule>;

/** Set-password links: per link (the hash of the token tried) and per client address. */
export const SET_PASSWORD_RULES = {
  token: { freeFailures: 3, baseDelayMs: 500, maxDelayMs: 8_000 },
  address: { freeFailures: 10, baseDelayMs: 500, maxDelayMs: 8_000 },
} as const satisfies Record<string, ThrottleRule>;

/** What the database knows about one axis (one account, one address) within the window. */
export interface FailureTally {
  failures: number;
  /** Milliseconds since the most recent failure; null when there is none. */
  sinceLastFailureMs: number | null;
}

/** The wait that `failures` recent failures impose after the last of them. */
export function requiredWaitMs(failures: number, rule: ThrottleRule): number {
  if (failures < rule.freeFailures) return 0;
  const doublings = failures - rule.freeFailures;
  // 2 ** doublings overflows to Infinity for huge counts, which min() turns into the ceiling.
  return Math.min(rule.maxDelayMs, rule.baseDelayMs * 2 ** doublings);
}

/** How much longer an attempt on this axis must wait: 0 when it may go ahead now. */
export function remainingWaitMs(tally: FailureTally, rule: ThrottleRule): number {
  const wait = requiredWaitMs(tally.failures, rule);
  if (wait === 0) return 0;
  const since = Math.max(0, tally.sinceLastFailureMs ?? Number.POSITIVE_INFINITY);
  return Math.max(0, wait - since);
}

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** The decision over every axis: the attempt goes ahead only when no axis asks it to wait. */
export function decideThrottle<Axis extends string>(
  tallies: Record<Axis, FailureTally>,
  rules: Record<Axis, ThrottleRule>,
): ThrottleDecision {
  let wait = 0;
  for (const axis of Object.keys(rules) as Axis[]) {
    wait = Math.max(wait, remainingWaitMs(tallies[axis], rules[axis]));
  }
  if (wait === 0) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) };
}

export function throttledMessage(retryAfterSeconds: number): string {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return `Too many attempts — try again in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}.`;
}

/*
 * next-auth v4 passes the message of an error thrown by the credentials `authorize` to the client
 * as `signIn()`'s `error`; a throttled sign-in is that error, carrying the seconds to wait.
 */
const THROTTLED_CODE = 'SignInThrottled';

export function throttledErrorCode(retryAfterSeconds: number): string {
  return `${THROTTLED_CODE}:${Math.max(1, Math.ceil(retryAfterSeconds))}`;
}

/** The seconds to wait, when `error` is a throttled sign-in's code; otherwise null. */
export function parseThrottledErrorCode(error: string | null | undefined): number | null {
  const match = /^SignInThrottled:(\d{1,6})$/.exec(error ?? '');
  return match ? Number(match[1]) : null;
}

/** Sign-in could not be decided (the database is unreachable): not the user's mistake. */
export const SIGN_IN_UNAVAILABLE_CODE = 'SignInUnavailable';
export const SIGN_IN_UNAVAILABLE_MESSAGE =
  'Signing in is not possible just now. Please try again in a moment.';
