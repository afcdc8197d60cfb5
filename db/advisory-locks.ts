import { sql } from 'drizzle-orm';
import type { Executor } from './client';
import { rowsOf } from './metrics';

/**
 * PostgreSQL advisory locks, held until the transaction ends, so the decisions they guard hold
 * across every app server on the database. Each use has its own namespace (the first key); the
 * second key is `hashtext` of what is locked, so two names that collide only wait for each other.
 */
export const LOCK_NAMESPACE = {
  signInAccount: 0x4164_0001,
  signInAddress: 0x4164_0002,
  setPasswordToken: 0x4164_0003,
  setPasswordAddress: 0x4164_0004,
  retention: 0x4164_0005,
  outcomeDefinition: 0x4164_0006,
} as const;

type Namespace = (typeof LOCK_NAMESPACE)[keyof typeof LOCK_NAMESPACE];

/** Waits for the lock. Take several in one fixed order everywhere, so none can deadlock. */
export async function lockForTransaction(
  tx: Executor,
  namespace: Namespace,
  key: string,
): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${namespace}::int, hashtext(${key}))`);
}

/** Takes the lock if it is free; false when another transaction holds it. */
export async function tryLockForTransaction(
  tx: Executor,
  namespace: Namespace,
  key: string,
): Promise<boolean> {
  const [row] = rowsOf<{ locked: boolean }>(
    await tx.execute(
      sql`select pg_try_advisory_xact_lock(${namespace}::int, hashtext(${key})) as locked`,
    ),
  );
  return row?.locked === true;
}
