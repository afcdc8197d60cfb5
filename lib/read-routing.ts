/**
 * Where the heavy read-only work (weekly CSV, clinic figures, progress PDF, audit log) reads from:
 * the read replica when one is configured, answering, and close enough behind the primary; the
 * primary otherwise. Pure, so the decision is tested without a cluster (db/replica.ts probes).
 */

/** What a probe of the replica found. */
export type ReplicaProbe =
  | { reachable: false }
  | {
      reachable: true;
      /** false: a primary (or a promoted replica) answered, not a standby. */
      standby: boolean;
      /** Whether its WAL receiver streams from the primary; null when not visible to this role. */
      streaming: boolean | null;
      /** Seconds its replay is behind what it has received; 0 when it has replayed everything. */
      lagSeconds: number | null;
    };

export type ReadSource = 'replica' | 'primary';

export type FallbackReason =
  | 'no replica configured'
  | 'replica unreachable'
  | 'replica is not a standby'
  | 'replica not streaming from the primary'
  | 'replica lag unknown'
  | 'replica too far behind';

export type ReadDecision =
  | { source: 'replica'; lagSeconds: number }
  | { source: 'primary'; reason: FallbackReason; lagSeconds?: number };

/** Behind by more than this, and reports read the primary instead (DATABASE_REPLICA_MAX_LAG_SECONDS). */
export const DEFAULT_MAX_REPLICA_LAG_SECONDS = 30;

export function chooseReadSource(
  probe: ReplicaProbe | null,
  maxLagSeconds = DEFAULT_MAX_REPLICA_LAG_SECONDS,
): ReadDecision {
  if (!probe) return { source: 'primary', reason: 'no replica configured' };
  if (!probe.reachable) return { source: 'primary', reason: 'replica unreachable' };
  if (!probe.standby) return { source: 'primary', reason: 'replica is not a standby' };
  // Cut off from the primary, a standby has replayed all it received and looks current, yet it
  // may be any distance behind.
  if (probe.streaming === false) {
    return { source: 'primary', reason: 'replica not streaming from the primary' };
  }
  const lag = probe.lagSeconds;
  if (lag === null || !Number.isFinite(lag)) {
    return { source: 'primary', reason: 'replica lag unknown' };
  }
  const lagSeconds = Math.max(0, lag);
  if (lagSeconds > maxLagSeconds) {
    return { source: 'primary', reason: 'replica too far behind', lagSeconds };
  }
  return { source: 'replica', lagSeconds };
}
