import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { idempotencyKeys } from '@/db/schema';
import { invalid, ok, type Actor, type Outcome } from './actor';

/** The answer to a key that was already used for a different submission. */
export const KEY_ALREADY_USED = 'This form was already sent. Reload the page and try again.';

export interface IdempotentRequest<T> {
  actor: Actor;
  /** The submission's key (lib/idempotency-key.ts); without one the write simply runs. */
  key: string | undefined;
  /** What the key is for, e.g. `exercise.create`: a key is never replayed for another operation. */
  operation: string;
  /** What to keep of a successful result, to send back on a replay (JSON). */
  record?: (value: T) => unknown;
  /**
   * The kept first result as this request answers it, or null when it does not fit (another
   * patient, an unreadable older result): then the request is refused as already sent.
   */
  replay: (stored: unknown) => T | null;
}

/**
 * Runs a write at most once per (actor, key). The key is claimed first, in the caller's
 * transaction: a concurrent request with the same key waits on the claim until this transaction
 * ends, and a later one gets the first result back without writing anything. A refusal (an
 * outcome that is not ok) releases the claim, so the same form may be corrected and sent again;
 * a thrown error rolls the whole transaction back, claim included.
 */
export async function withIdempotency<T>(
  tx: Executor,
  request: IdempotentRequest<T>,
  run: () => Promise<Outcome<T>>,
): Promise<Outcome<T>> {
  const { actor, key, operation } = request;
  if (!key) return run();
  const thisKey = and(eq(idempotencyKeys.userId, actor.id), eq(idempotencyKeys.key, key));
  const [claimed] = await tx
    .insert(idempotencyKeys)
    .values({ userId: actor.id, key, operation, result: {} })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (!claimed) {
    const [first] = await tx
      .select({ operation: idempotencyKeys.operation, result: idempotencyKeys.result })
      .from(idempotencyKeys)
      .where(thisKey);
    const replayed = first?.operation === operation ? request.replay(first.result) : null;
    return replayed === null ? invalid(KEY_ALREADY_USED) : ok(replayed);
  }
  const outcome = await run();
  if (outcome.ok) {
    const result = request.record ? request.record(outcome.value) : outcome.value;
    await tx.update(idempotencyKeys).set({ result }).where(thisKey);
  } else {
    await tx.delete(idempotencyKeys).where(thisKey);
  }
  return outcome;
}
