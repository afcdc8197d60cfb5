import 'server-only';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { rowsOf } from '@/db/metrics';
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
 * Given to a write: the statement that keeps `value` as the key's result, for the write to send as
 * a part of its own last statement (a `with` part) instead of withIdempotency sending it after the
 * write, a round trip of its own under the write's locks. Undefined without a key (nothing to
 * keep). withIdempotency still sends its own when the write answers with a value other than the
 * one it asked to keep (compared by identity), so a write that does not use it stays correct.
 */
export type KeepResult<T> = (value: T) => SQL | undefined;

const keyOf = (request: Pick<IdempotentRequest<unknown>, 'actor'>, key: string) =>
  and(eq(idempotencyKeys.userId, request.actor.id), eq(idempotencyKeys.key, key));

/**
 * The statement that claims the key: inserts it unless it is there already, returning it when
 * this request claimed it. The row is taken from `source`, a relation of one row (claim) or none
 * (claim nothing): withLockedPatientOnce takes it from the locked patient, so that the key is
 * never claimed before the lock.
 */
export function claimKeyStatement(
  request: Pick<IdempotentRequest<unknown>, 'actor' | 'operation'>,
  key: string,
  source?: SQL,
): SQL {
  // The casts: in an insert's select, an untyped parameter would be text, not the column's type.
  return sql`insert into ${idempotencyKeys} ("user_id", "key", "operation", "result")
    select ${request.actor.id}::uuid, ${key}::text, ${request.operation}::text, '{}'::jsonb
    ${source ? sql`from ${source}` : sql``}
    on conflict do nothing
    returning "key"`;
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
  run: (keep: KeepResult<T>) => Promise<Outcome<T>>,
): Promise<Outcome<T>> {
  const { key } = request;
  if (!key) return run(() => undefined);
  const claimed = rowsOf(await tx.execute(claimKeyStatement(request, key))).length > 0;
  return afterClaim(tx, request, claimed, run);
}

/**
 * What follows the key's claim (withIdempotency's, or one made in the same statement as another,
 * as withLockedPatientOnce's): a key already claimed answers with the first result, read back, and
 * writes nothing; a key claimed now runs the write and keeps its result, or releases the key on a
 * refusal.
 */
export async function afterClaim<T>(
  tx: Executor,
  request: IdempotentRequest<T>,
  claimed: boolean,
  run: (keep: KeepResult<T>) => Promise<Outcome<T>>,
): Promise<Outcome<T>> {
  const key = request.key!;
  const thisKey = keyOf(request, key);
  if (!claimed) {
    const [first] = await tx
      .select({ operation: idempotencyKeys.operation, result: idempotencyKeys.result })
      .from(idempotencyKeys)
      .where(thisKey);
    const replayed = first?.operation === request.operation ? request.replay(first.result) : null;
    return replayed === null ? invalid(KEY_ALREADY_USED) : ok(replayed);
  }
  const stored = (value: T) => (request.record ? request.record(value) : value);
  const update = (value: T) =>
    tx
      .update(idempotencyKeys)
      .set({ result: stored(value) })
      .where(thisKey);
  let kept: { value: T } | undefined;
  const outcome = await run((value) => {
    kept = { value };
    return update(value).getSQL();
  });
  if (outcome.ok) {
    if (kept?.value !== outcome.value) await update(outcome.value);
  } else {
    await tx.delete(idempotencyKeys).where(thisKey);
  }
  return outcome;
}
