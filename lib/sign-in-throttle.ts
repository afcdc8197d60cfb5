/**
 * Sign-in throttling slows guessing without locking anyone out: after a few recent failures each
 * further attempt waits longer, doubling up to a ceiling, and the right password still works.
 * A lock-out would let an attacker keep a real clinician out of their account.
 */
export const THROTTLE_WINDOW_MINUTES = 15;

const ACCOUNT_FREE_FAILURES = 3;
const ADDRESS_FREE_FAILURES = 10;
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;

function delayAfter(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (failures - free));
}

export function signInDelayMs(recentFailures: { account: number; address: number }): number {
  return Math.max(
    delayAfter(recentFailures.account, ACCOUNT_FREE_FAILURES),
    delayAfter(recentFailures.address, ADDRESS_FREE_FAILURES),
  );
}
