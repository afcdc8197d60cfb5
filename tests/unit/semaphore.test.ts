import type * as Argon2 from '@node-rs/argon2';
import { describe, expect, it, vi } from 'vitest';
import {
  HASHING_CONCURRENCY,
  hashPassword,
  hashingSlots,
  verifyAgainstNothing,
  verifyPassword,
} from '@/lib/passwords';
import { createSemaphore } from '@/lib/semaphore';

// Counts the argon2 calls in flight, wrapped around the real library.
const argon2Calls = vi.hoisted(() => ({ running: 0, most: 0 }));
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof Argon2>();
  const counted =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      argon2Calls.running += 1;
      argon2Calls.most = Math.max(argon2Calls.most, argon2Calls.running);
      try {
        return await fn(...args);
      } finally {
        argon2Calls.running -= 1;
      }
    };
  return { ...real, hash: counted(real.hash), verify: counted(real.verify) };
});

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('createSemaphore', () => {
  it('never runs more tasks at once than its limit, and runs them all', async () => {
    const semaphore = createSemaphore(3);
    let running = 0;
    let most = 0;
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        semaphore.run(async () => {
          running += 1;
          most = Math.max(most, running);
          await new Promise((resolve) => setTimeout(resolve, (i % 4) + 1));
          running -= 1;
          return i;
        }),
      ),
    );
    expect(most).toBe(3);
    expect(results).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(semaphore.active).toBe(0);
    expect(semaphore.waiting).toBe(0);
  });

  it('starts waiting tasks in the order they arrived', async () => {
    const semaphore = createSemaphore(1);
    const order: number[] = [];
    await Promise.all(
      [0, 1, 2, 3].map((i) =>
        semaphore.run(async () => {
          order.push(i);
          await tick();
        }),
      ),
    );
    expect(order).toEqual([0, 1, 2, 3]);
  });

  it('frees the slot when a task fails, and passes the failure on', async () => {
    const semaphore = createSemaphore(1);
    await expect(semaphore.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(semaphore.run(async () => 'next')).resolves.toBe('next');
    expect(semaphore.active).toBe(0);
  });

  it('refuses a limit below 1', () => {
    expect(() => createSemaphore(0)).toThrow(/at least 1/);
    expect(() => createSemaphore(1.5)).toThrow(/at least 1/);
  });
});

describe('password hashing', () => {
  it(`runs at most ${HASHING_CONCURRENCY} argon2id hashes or verifications at once; the rest queue`, async () => {
    expect(HASHING_CONCURRENCY).toBeGreaterThanOrEqual(1);
    expect(HASHING_CONCURRENCY).toBeLessThanOrEqual(4);
    const stored = await hashPassword('a long enough password here');
    argon2Calls.running = 0;
    argon2Calls.most = 0;

    let queued = 0;
    let sampling = true;
    const sample = async () => {
      while (sampling) {
        queued = Math.max(queued, hashingSlots.waiting);
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    const sampler = sample();
    const n = HASHING_CONCURRENCY * 4;
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        i % 3 === 2
          ? verifyAgainstNothing('whatever was typed')
          : verifyPassword(stored, i % 3 === 0 ? 'a long enough password here' : 'wrong'),
      ),
    );
    sampling = false;
    await sampler;

    // Counted around the real argon2 calls, not by the semaphore itself.
    expect(argon2Calls.most).toBe(HASHING_CONCURRENCY);
    expect(queued).toBeGreaterThan(0);
    expect(results).toEqual(Array.from({ length: n }, (_, i) => i % 3 === 0));
    expect(argon2Calls.running).toBe(0);
  });
});
