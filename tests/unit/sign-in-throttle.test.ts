import { describe, expect, it } from 'vitest';
import { signInDelayMs } from '@/lib/sign-in-throttle';

describe('signInDelayMs', () => {
  it('lets the first few mistakes through without delay', () => {
    expect(signInDelayMs({ account: 0, address: 0 })).toBe(0);
    expect(signInDelayMs({ account: 2, address: 9 })).toBe(0);
  });

  it('doubles the delay with each further failure on an account, up to a ceiling', () => {
    const delays = [3, 4, 5, 6, 7, 20].map((n) => signInDelayMs({ account: n, address: 0 }));
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
  });

  it('slows an address that tries many accounts', () => {
    expect(signInDelayMs({ account: 0, address: 10 })).toBe(500);
    expect(signInDelayMs({ account: 0, address: 12 })).toBe(2000);
  });

  it('never locks out: the delay is bounded', () => {
    expect(signInDelayMs({ account: 10_000, address: 10_000 })).toBeLessThanOrEqual(8000);
  });
});
