import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';
import { createSemaphore } from './semaphore';

// OWASP's argon2id baseline: 19 MiB of memory, 2 iterations, 1 lane.
const options = {
  // Algorithm.Argon2id; the enum is a const enum, which isolated modules cannot inline.
  algorithm: 2,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

/**
 * Hashes and verifications running at once in this process: one per core, at most 4. Each takes
 * 19 MiB and a core for tens of milliseconds, so a flood of sign-ins waits its turn here instead
 * of taking every core and the memory with it (and the libuv threads that file I/O also needs).
 */
export const HASHING_CONCURRENCY = Math.max(1, Math.min(4, availableParallelism()));

/** Exported for the test that shows the cap holds. */
export const hashingSlots = createSemaphore(HASHING_CONCURRENCY);

export function hashPassword(password: string): Promise<string> {
  return hashingSlots.run(() => hash(password, options));
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await hashingSlots.run(() => verify(passwordHash, password));
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same work as a real verification, so that an unknown email answers as slowly as a
 * wrong password and the response time does not reveal which accounts exist.
 */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword('adhere-timing-equaliser-not-a-password');
  await verifyPassword(await dummyHash, password);
  return false;
}
