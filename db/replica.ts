import { AsyncLocalStorage } from 'node:async_hooks';
import { sql } from 'drizzle-orm';
import { env } from '@/lib/env';
import { log } from '@/lib/log.mjs';
import {
  chooseReadSource,
  type ReadDecision,
  type ReadSource,
  type ReplicaProbe,
} from '@/lib/read-routing';
import {
  beforeDatabaseShutdown,
  getDb,
  openPostgres,
  type Database,
  type DatabaseHandle,
} from './client';
import { rowsOf } from './metrics';

/**
 * The read replica (DATABASE_REPLICA_URL) for the heavy read-only work: the weekly CSV, the clinic
 * figures, the progress PDF and the audit log run inside `readFromReplica`, and what they read
 * through `getReadDb()` comes from the replica when it is answering and close enough behind
 * (lib/read-routing.ts), from the primary otherwise. Everything else — every write, and every page
 * that must show the user's own latest write — calls `getDb()`, the primary, as before; so does
 * `getReadDb()` outside `readFromReplica`.
 *
 * Nothing about the replica's state is kept between requests: each piece of work probes it (one
 * small query, bounded by REPLICA_PROBE_TIMEOUT_MS), so two app servers never disagree for long.
 */

/** A probe answers within this, or the replica counts as unreachable. */
export const REPLICA_PROBE_TIMEOUT_MS = 2_000;
/** The replica is connected to with this timeout: an unreachable one costs at most this once. */
const REPLICA_CONNECT_SECONDS = 2;

const globalForReplica = globalThis as unknown as {
  adhereReplica?: Promise<DatabaseHandle>;
  adhereReplicaUrl?: string;
  adhereReadScope?: AsyncLocalStorage<Database>;
};

const readScope = (globalForReplica.adhereReadScope ??= new AsyncLocalStorage<Database>());

/** The replica's connection pool, opened on first use; null when none is configured. */
async function replica(): Promise<Database | null> {
  const url = env().DATABASE_REPLICA_URL;
  if (!url) return null;
  if (!globalForReplica.adhereReplica) {
    globalForReplica.adhereReplicaUrl = url;
    globalForReplica.adhereReplica = openPostgres(url, {
      applicationName: 'adhere-replica-reader',
      connectSeconds: REPLICA_CONNECT_SECONDS,
    }).catch((error: unknown) => {
      globalForReplica.adhereReplica = undefined;
      throw error;
    });
    beforeDatabaseShutdown(closeReplica);
  }
  return (await globalForReplica.adhereReplica).db;
}

export async function closeReplica(): Promise<void> {
  const handle = globalForReplica.adhereReplica;
  globalForReplica.adhereReplica = undefined;
  await (await handle?.catch(() => undefined))?.close();
}

function withinTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Asks a standby how far behind it is. The lag is the age of the last replayed transaction only
 * while WAL has been received but not yet replayed: an idle primary sends nothing, and a standby
 * that has replayed everything it received is current, however old its last transaction.
 */
export async function probeReplica(db: Database): Promise<ReplicaProbe> {
  try {
    const [row] = rowsOf<{ standby: boolean; streaming: boolean | null; lag: number | null }>(
      await withinTimeout(
        db.execute(sql`
          select
            pg_is_in_recovery() as standby,
            (select case when count(*) = 0 then false else bool_or(status = 'streaming') end
               from pg_stat_wal_receiver) as streaming,
            case
              when not pg_is_in_recovery() then 0
              when pg_last_wal_receive_lsn() is not distinct from pg_last_wal_replay_lsn() then 0
              else extract(epoch from now() - pg_last_xact_replay_timestamp())::float8
            end as lag`),
        REPLICA_PROBE_TIMEOUT_MS,
      ),
    );
    if (!row) return { reachable: false };
    return {
      reachable: true,
      standby: row.standby,
      streaming: row.streaming,
      lagSeconds: row.lag === null ? null : Number(row.lag),
    };
  } catch {
    return { reachable: false };
  }
}

/** The database that reads inside `readFromReplica` go to; the primary anywhere else. */
export async function getReadDb(): Promise<Database> {
  return readScope.getStore() ?? (await getDb());
}

export interface ReadRoute {
  /** The replica's pool, or null when none is configured or it could not be opened. */
  replica: Database | null;
  primary: () => Promise<Database>;
  maxLagSeconds: number;
  probe?: (db: Database) => Promise<ReplicaProbe>;
  /** A replica is configured but its pool could not be opened. */
  unreachable?: boolean;
}

/** Where `work` reads, decided by a fresh probe of the replica. */
export async function decideReadSource(route: ReadRoute): Promise<ReadDecision> {
  if (route.unreachable) return chooseReadSource({ reachable: false });
  if (!route.replica) return chooseReadSource(null);
  return chooseReadSource(await (route.probe ?? probeReplica)(route.replica), route.maxLagSeconds);
}

/**
 * Runs read-only `run` (it reads through `getReadDb()`, and writes nothing) against the replica
 * when it is fit to answer, against the primary otherwise. Should the replica fail during the
 * work (it went away, or cancelled the query for a conflict with recovery), the work is run again
 * on the primary: a report page never shows an error the primary would not have given.
 */
export async function routeRead<T>(
  work: string,
  run: () => Promise<T>,
  route: ReadRoute,
): Promise<{ result: T; source: ReadSource; decision: ReadDecision }> {
  const decision = await decideReadSource(route);
  if (route.replica && decision.source === 'replica') {
    try {
      const result = await readScope.run(route.replica, run);
      log.info(
        { work, readSource: 'replica', lagSeconds: decision.lagSeconds },
        'read from replica',
      );
      return { result, source: 'replica', decision };
    } catch (error) {
      log.warn(
        { work, readSource: 'primary', err: error },
        'replica read failed, reading the primary',
      );
    }
  } else if (decision.source === 'primary' && decision.reason !== 'no replica configured') {
    log.warn(
      { work, readSource: 'primary', reason: decision.reason, lagSeconds: decision.lagSeconds },
      'replica not used, reading the primary',
    );
  }
  const primary = await route.primary();
  return { result: await readScope.run(primary, run), source: 'primary', decision };
}

/** `routeRead` with this process's replica (DATABASE_REPLICA_URL) and primary. */
export async function readFromReplica<T>(
  work: string,
  run: () => Promise<T>,
): Promise<{ result: T; source: ReadSource }> {
  // (The pool connects lazily, so opening it fails only on a malformed URL; then the probe of a
  // replica that cannot be reached is what the decision sees.)
  const db = await replica().catch(() => null);
  const unreachable = !db && !!env().DATABASE_REPLICA_URL;
  return routeRead(work, run, {
    replica: db,
    primary: getDb,
    maxLagSeconds: env().DATABASE_REPLICA_MAX_LAG_SECONDS,
    ...(unreachable ? { unreachable } : {}),
  });
}
