// @ts-check
// The production server on more than one core: WEB_CONCURRENCY worker processes (node:cluster)
// sharing one port, each a whole app server as scripts/server.mjs runs it alone. Nothing is shared
// between them in memory — sessions, rate limits, idempotency keys, job claims and the reminder
// scheduler's leases are in PostgreSQL, exactly as for two servers behind a proxy — so they need
// no coordination but their start and stop.
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { log } from '../../lib/log.mjs';

/** The message that asks a worker to shut down as if it had been sent SIGTERM. */
export const SHUTDOWN_MESSAGE = 'adhere:shutdown';

/**
 * How many worker processes to run: WEB_CONCURRENCY (a whole number, or `auto` for one per
 * core), 1 when unset. The embedded database (no DATABASE_URL) is one process's files, so it
 * always runs on one; `ignored` says so for the log.
 */
export function workerCount(env, cores = availableParallelism()) {
  const raw = (env.WEB_CONCURRENCY ?? '').trim();
  if (raw === '') return { count: 1, ignored: false };
  const count = raw === 'auto' ? cores : Number(raw);
  if (!Number.isInteger(count) || count < 1 || count > 64) {
    throw new Error(
      `WEB_CONCURRENCY must be a whole number from 1 to 64, or "auto" (one per core), not "${raw}".`,
    );
  }
  if (count > 1 && !env.DATABASE_URL) return { count: 1, ignored: true };
  return { count, ignored: false };
}

/**
 * The primary process: starts `count` workers, starts another when one dies while serving, and
 * on SIGTERM / SIGINT asks each to shut down gracefully (each drains its own requests), then exits
 * with the worst of their exit codes. A worker that dies before it ever listened (a bad setting,
 * an unreachable database) stops them all: starting it again would fail the same way.
 */
export function supervise(count) {
  let stopping = false;
  let exitCode = 0;
  const listened = new Set();

  const start = () => {
    const worker = cluster.fork();
    worker.once('listening', () => listened.add(worker.id));
  };

  cluster.on('exit', (worker, code, signal) => {
    const clean = code === 0 && signal === null;
    if (!clean) exitCode = Math.max(exitCode, code || 1);
    if (!stopping && !listened.has(worker.id)) {
      log.error({ workerPid: worker.process.pid, code, signal }, 'a worker failed to start');
      stop('SIGTERM');
    } else if (!stopping) {
      log.error(
        { workerPid: worker.process.pid, code, signal },
        'a worker stopped unexpectedly: starting another',
      );
      setTimeout(start, 1000).unref();
    }
    if (stopping && Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
  });

  /** @param {string} signal */
  function stop(signal) {
    if (stopping) {
      log.warn({ signal }, 'second signal during shutdown: stopping the workers now');
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal, workers: Object.keys(cluster.workers ?? {}).length }, 'shutting down');
    // A message, not the signal: Ctrl-C in a terminal already sends SIGINT to every process of the
    // group, and a worker takes a second signal as "exit now".
    for (const worker of Object.values(cluster.workers ?? {})) {
      if (worker?.isConnected()) worker.send(SHUTDOWN_MESSAGE);
    }
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
  }
  for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => stop(signal));

  log.info({ workers: count }, `Adhere: starting ${count} worker processes`);
  for (let i = 0; i < count; i += 1) start();
}
