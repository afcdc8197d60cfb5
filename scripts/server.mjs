// @ts-check
// Adhere's production server (`npm start`): Next.js's request handler behind a plain Node HTTP
// server. It exists because Next.js keeps a client's own X-Forwarded-For and never tells the app
// the socket's peer address; here the peer address is put into a header that no client can set
// (any incoming copy is dropped first), and lib/client-address.ts decides from it and
// TRUSTED_PROXY_HOPS which address to believe. It also gives every request an id, writes one JSON
// log line per request, and shuts down gracefully on SIGTERM / SIGINT. With WEB_CONCURRENCY on
// PostgreSQL it runs that many of these servers as worker processes on one port
// (scripts/server/workers.mjs).
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import next from 'next';
import { REQUEST_ID_HEADER, log, parseLogLevel } from '../lib/log.mjs';
import { requestIdFor } from './server/request-id.mjs';
import { UNMATCHED, loadRouteNamer } from './server/route-names.mjs';
import { SHUTDOWN_MESSAGE, supervise, workerCount } from './server/workers.mjs';

/** Keep in step with PEER_ADDRESS_HEADER in lib/client-address.ts (a unit test checks). */
export const PEER_ADDRESS_HEADER = 'x-adhere-peer-address';

/** How long a shutdown waits for requests in flight before closing their connections. */
export const SHUTDOWN_GRACE_MS = 10_000;
/**
 * How long the server, once nothing is in flight, keeps its open connections for a request
 * already on its way: sent before the signal, its bytes may still wait to be read while the
 * server finishes others.
 */
export const SHUTDOWN_QUIET_MS = 500;

/** `next start`'s options: -p/--port and -H/--hostname, or PORT and HOSTNAME. */
function options(argv) {
  let port = Number(process.env.PORT ?? 3000);
  let hostname = process.env.HOSTNAME;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '-p' || arg === '--port') port = Number(argv[++i]);
    else if (arg === '-H' || arg === '--hostname') hostname = argv[++i];
    else throw new Error(`Unknown option ${arg}. Use -p PORT and -H HOSTNAME.`);
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`The port must be a number from 0 to 65535, not ${port}.`);
  }
  return { port, hostname };
}

/** Puts the socket's peer address where the app reads it, replacing anything the client sent. */
export function markPeerAddress(request) {
  delete request.headers[PEER_ADDRESS_HEADER];
  const peer = request.socket.remoteAddress;
  if (peer) request.headers[PEER_ADDRESS_HEADER] = peer;
}

/** The path without the query string (which may hold anything), or null if it is not a path. */
function pathnameOf(url) {
  try {
    return new URL(url ?? '/', 'http://adhere.invalid').pathname;
  } catch {
    return null;
  }
}

/** Console output of Next.js and the app becomes log lines too, so stdout is JSON throughout. */
function routeConsoleToLog() {
  const levels = /** @type {const} */ ([
    ['debug', 'debug'],
    ['log', 'info'],
    ['info', 'info'],
    ['warn', 'warn'],
    ['error', 'error'],
  ]);
  for (const [method, level] of levels) {
    console[method] = (...args) => {
      const error = args.find((arg) => arg instanceof Error);
      const text = format(...args.filter((arg) => arg !== error));
      log[level](error ? { err: error } : {}, text);
    };
  }
}

async function main() {
  const { port, hostname } = options(process.argv.slice(2));
  parseLogLevel(process.env.LOG_LEVEL);
  process.env.NODE_ENV = 'production';
  routeConsoleToLog();
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection'));

  // quiet: Next.js would print each server error itself; instrumentation.ts's onRequestError
  // logs it instead, as one JSON line with the request id.
  const app = next({ dev: false, port, hostname, dir: process.cwd(), quiet: true });
  const handle = app.getRequestHandler();
  await app.prepare();
  const routeName = loadRouteNamer(path.resolve(process.env.NEXT_DIST_DIR ?? '.next'));

  let shuttingDown = false;
  /** Requests whose response has not finished, each resolved when it does. */
  const inFlight = new Set();

  const server = createServer((request, response) => {
    const started = process.hrtime.bigint();
    const requestId = requestIdFor(request.headers[REQUEST_ID_HEADER]);
    const pathname = pathnameOf(request.url);
    markPeerAddress(request);
    request.headers[REQUEST_ID_HEADER] = requestId;
    response.setHeader('X-Request-Id', requestId);

    /** @type {() => void} */
    let done = () => {};
    const finished = new Promise((resolve) => (done = () => resolve(undefined)));
    inFlight.add(finished);
    response.once('close', () => {
      inFlight.delete(finished);
      done();
      const fields = {
        requestId,
        method: request.method,
        route: pathname === null ? UNMATCHED : routeName(pathname),
        status: response.statusCode,
        durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
        ...(response.writableFinished ? {} : { aborted: true }),
      };
      if (response.statusCode >= 500) log.error(fields, 'request');
      else log.info(fields, 'request');
    });

    if (shuttingDown) {
      // A keep-alive connection may still bring a request: serve it, then let it go.
      response.setHeader('Connection', 'close');
      if (pathname === '/api/ready') {
        // Load balancers stop sending here before the connections close.
        response.writeHead(503, {
          'content-type': 'application/json',
          'cache-control': 'no-store',
        });
        response.end(JSON.stringify({ status: 'unavailable', reason: 'shutting down' }));
        return;
      }
    }
    handle(request, response).catch((error) => {
      log.error({ err: error, requestId }, 'request handler failed');
      if (!response.headersSent) {
        response.writeHead(500, { 'content-type': 'text/plain' });
      }
      response.end('Something went wrong. Please try again.');
    });
  });

  /**
   * Resolves once no request is in flight and none has arrived for SHUTDOWN_QUIET_MS, including
   * those a keep-alive connection brought after the signal: each of them is served, so each must
   * finish before the database closes.
   */
  async function allFinished() {
    for (;;) {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
      await new Promise((resolve) => setTimeout(resolve, SHUTDOWN_QUIET_MS));
      if (inFlight.size === 0) return true;
    }
  }

  /** Stops accepting, lets requests in flight finish (bounded), closes the database, exits 0. */
  async function shutdown(signal) {
    if (shuttingDown) {
      log.warn({ signal }, 'second signal during shutdown: exiting now');
      process.exit(1);
    }
    shuttingDown = true;
    log.info({ signal, inFlight: inFlight.size, graceMs: SHUTDOWN_GRACE_MS }, 'shutting down');
    // Stops accepting connections. Open keep-alive ones are not cut yet: a request may be on its
    // way over one, and is served (with `Connection: close`) rather than reset; they are closed
    // once nothing is left in flight. Not http.Server#close(): since Node 19 it also closes every
    // keep-alive connection that is idle at that instant, resetting a request already sent over
    // one but not yet read (seen on a loaded machine: three of six saves sent before the signal).
    net.Server.prototype.close.call(server);
    const drained = await Promise.race([
      allFinished(),
      new Promise((resolve) => setTimeout(() => resolve(false), SHUTDOWN_GRACE_MS).unref()),
    ]);
    if (!drained) {
      log.warn(
        { inFlight: inFlight.size },
        'requests still in flight after the grace period: closing them',
      );
    }
    // Nothing is left to answer (or the grace is over): no keep-alive connection may bring
    // another request while the database closes.
    server.closeAllConnections();
    let code = 0;
    try {
      // Next.js's own clean-up (work scheduled with after()), then the database handle that
      // db/client.ts keeps for the app.
      await app.close();
      const closeDatabase = /** @type {{ adhereShutdownDatabase?: () => Promise<void> }} */ (
        globalThis
      ).adhereShutdownDatabase;
      await closeDatabase?.();
    } catch (error) {
      log.error({ err: error }, 'could not close cleanly');
      code = 1;
    }
    log.info({ signal }, 'stopped');
    process.exit(code);
  }
  for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => void shutdown(signal));
  // One of several workers (scripts/server/workers.mjs): the primary asks by message, once.
  process.on('message', (message) => {
    if (message === SHUTDOWN_MESSAGE && !shuttingDown) void shutdown('SIGTERM');
  });

  server.listen(port, hostname, () => {
    const address = server.address();
    const actualPort = typeof address === 'object' && address ? address.port : port;
    log.info(
      { address: `http://${hostname ?? 'localhost'}:${actualPort}` },
      `Adhere: listening on http://${hostname ?? 'localhost'}:${actualPort}`,
    );
  });
}

/** One server in this process, or (WEB_CONCURRENCY > 1 on PostgreSQL) a primary and its workers. */
async function run() {
  if (!cluster.isPrimary) return main();
  options(process.argv.slice(2));
  parseLogLevel(process.env.LOG_LEVEL);
  const { count, ignored } = workerCount(process.env);
  if (ignored) {
    log.warn(
      { WEB_CONCURRENCY: process.env.WEB_CONCURRENCY },
      'WEB_CONCURRENCY is ignored on the embedded database: it is one process’s files',
    );
  }
  return count > 1 ? supervise(count) : main();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
