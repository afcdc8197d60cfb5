// @ts-check
// Adhere's one logger: JSON lines on stdout (pino), shared by the production server
// (scripts/server.mjs, plain Node, hence JavaScript) and the app (bundled by Next.js). Types are
// in log.d.mts.
//
// Logs leave the clinic's control (log shippers, support tickets), so they hold no patient data,
// by construction rather than by care at each call:
// - a line keeps only the fields named in FIELDS, and only as numbers, booleans or short strings;
//   anything else is dropped and only its name is kept (`dropped`), so a stray `{ email }` or a
//   request body never reaches the output;
// - errors keep their type, codes, database identifiers, stack frames and a message with the
//   known carriers of values removed: drizzle's "params: …" list, PostgreSQL's DETAIL (which
//   quotes the failing row) and the input quoted by data-exception messages;
// - free text (messages, error messages) has e-mail addresses and set-password tokens masked.
import { format } from 'node:util';
import pino from 'pino';

export const LOG_LEVELS = /** @type {const} */ ([
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
]);

/** Set by scripts/server.mjs on every request it hands to Next.js, and returned to the client. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** The fields a log line may carry. */
const FIELDS = new Set([
  // a request (scripts/server.mjs)
  'requestId',
  'method',
  'route',
  'status',
  'durationMs',
  'aborted',
  // a server error
  'err',
  'digest',
  'where',
  'routeType',
  'routePath',
  // the server's life
  'address',
  'signal',
  'inFlight',
  'graceMs',
  'driver',
  'reason',
  // worker processes (scripts/server/workers.mjs)
  'workers',
  'workerPid',
  'code',
  'WEB_CONCURRENCY',
  // reads routed to the replica (db/replica.ts)
  'work',
  'readSource',
  'lagSeconds',
]);

const MAX_TEXT = 500;
const EMAIL = /[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+\.[a-z]{2,}/gi;
const SET_PASSWORD_TOKEN = /(set-password\/)[^\s/?#"']+/gi;

/** Masks what free text may carry that a log must not: e-mail addresses and one-time tokens. */
export function scrub(text) {
  const masked = String(text).replace(EMAIL, '[email]').replace(SET_PASSWORD_TOKEN, '$1[token]');
  return masked.length > MAX_TEXT ? `${masked.slice(0, MAX_TEXT)}…` : masked;
}

/** LOG_LEVEL, validated: one of LOG_LEVELS, `info` when unset. */
export function parseLogLevel(value) {
  if (value === undefined || value.trim() === '') return 'info';
  const level = value.trim().toLowerCase();
  if (!LOG_LEVELS.some((known) => known === level)) {
    throw new Error(
      `Adhere's configuration is invalid:\n  LOG_LEVEL: must be one of ${LOG_LEVELS.join(', ')} ` +
        `(default info)\nSee .env.example.`,
    );
  }
  return /** @type {(typeof LOG_LEVELS)[number]} */ (level);
}

const SQLSTATE = /^[0-9A-Z]{5}$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$.]{0,62}$/;
const CODE = /^[A-Za-z0-9_.-]{1,40}$/;

/** An identifier-like string property (a constraint or table name), or undefined. */
function identifier(value) {
  return typeof value === 'string' && IDENTIFIER.test(value) ? value : undefined;
}

function isDatabaseError(error) {
  return typeof error.code === 'string' && SQLSTATE.test(error.code) && 'severity' in error;
}

function safeMessage(error) {
  const message = typeof error.message === 'string' ? error.message : '';
  // drizzle's DrizzleQueryError: "Failed query: <sql with $n placeholders>\nparams: <values>".
  if (typeof error.query === 'string' && 'params' in error) {
    return scrub(`Failed query: ${error.query}`.replace(/\s+/g, ' '));
  }
  if (isDatabaseError(error)) {
    // Data exceptions (22xxx) quote the offending input: `invalid input syntax for type uuid: "…"`.
    return scrub(error.code.startsWith('22') ? message.replace(/"[^"]*"/g, '"…"') : message);
  }
  return scrub(message);
}

/** Stack frames only: the first lines of a stack repeat the message, which may carry values. */
function frames(stack) {
  if (typeof stack !== 'string') return undefined;
  const lines = stack.split('\n').filter((line) => /^\s+at /.test(line));
  return lines.length ? lines.slice(0, 15).join('\n') : undefined;
}

/** An error as a log may hold it (see the top of this file), with its causes. */
export function serializeError(error, depth = 0) {
  if (error === null || typeof error !== 'object') {
    return { type: typeof error, message: '(a thrown value that is not an Error)' };
  }
  const e = /** @type {Record<string, any>} */ (error);
  /** @type {Record<string, unknown>} */
  const out = {
    type: typeof e.name === 'string' && CODE.test(e.name) ? e.name : 'Error',
    message: safeMessage(e),
  };
  if (typeof e.code === 'string' && CODE.test(e.code)) out.code = e.code;
  if (typeof e.digest === 'string' && CODE.test(e.digest)) out.digest = e.digest;
  // postgres.js and PGlite name these differently.
  const constraint = identifier(e.constraint_name) ?? identifier(e.constraint);
  const table = identifier(e.table_name) ?? identifier(e.table);
  const column = identifier(e.column_name) ?? identifier(e.column);
  if (constraint) out.constraint = constraint;
  if (table) out.table = table;
  if (column) out.column = column;
  const stack = frames(e.stack);
  if (stack) out.stack = stack;
  if (e.cause !== undefined && depth < 3) out.cause = serializeError(e.cause, depth + 1);
  return out;
}

/** Keeps the allowed fields, as the types a log may hold; names what it dropped. */
function allowedFields(object) {
  /** @type {Record<string, unknown>} */
  const kept = {};
  const dropped = [];
  for (const [key, value] of Object.entries(object)) {
    if (!FIELDS.has(key)) dropped.push(key);
    else if (key === 'err') kept.err = serializeError(value);
    else if (typeof value === 'number' || typeof value === 'boolean') kept[key] = value;
    else if (typeof value === 'string') kept[key] = scrub(value);
    else if (value !== undefined && value !== null) dropped.push(key);
  }
  if (dropped.length) kept.dropped = dropped.filter((key) => IDENTIFIER.test(key)).slice(0, 20);
  return kept;
}

/**
 * A logger writing to `destination` (stdout by default). Writes are synchronous so a line is
 * never lost when the process exits right after it, and lines from the server and the app
 * never interleave.
 */
export function createLogger(options = {}) {
  // Never throws: a bad LOG_LEVEL is refused at start-up (scripts/server.mjs, lib/env.ts) with a
  // message naming it, and a logger is needed to say so.
  let level = options.level;
  try {
    level ??= parseLogLevel(process.env.LOG_LEVEL);
  } catch {
    level = 'info';
  }
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      // `err` is already made safe by allowedFields; pino's own serializer would re-add what it removed.
      serializers: { err: (value) => value },
      formatters: {
        level: (label) => ({ level: label }),
        log: allowedFields,
      },
      hooks: {
        // One call shape everywhere: log.info({ fields }, 'message'); extra arguments are
        // formatted into the message (as console.log does), then scrubbed like any free text.
        logMethod(args, method) {
          const [first, ...rest] = args;
          const fields = first !== null && typeof first === 'object' && !(first instanceof Error);
          const object = fields ? first : first instanceof Error ? { err: first } : {};
          const text = format(...(fields || first instanceof Error ? rest : args));
          method.apply(this, [object, scrub(text)]);
        },
      },
    },
    options.destination ?? pino.destination({ fd: 1, sync: true }),
  );
}

// One instance per process, whichever copy of this module (the server's or the app bundle's)
// asks first.
const shared = /** @type {{ adhereLog?: import('pino').Logger }} */ (globalThis);

/** The process's logger. */
export const log = (shared.adhereLog ??= createLogger());

/** The id of the request being handled by Next.js (see scripts/server.mjs), or null outside one. */
export async function currentRequestId() {
  try {
    const { headers } = await import('next/headers');
    return (await headers()).get(REQUEST_ID_HEADER);
  } catch {
    return null;
  }
}

/**
 * Logs an unexpected failure at `error`, with its cause and the request it happened in (looked
 * up when not given). `where` names the code path (e.g. "server action"), never the input.
 */
export async function logServerError(error, context = {}) {
  const requestId = context.requestId === undefined ? await currentRequestId() : context.requestId;
  log.error({ err: error, ...context, requestId }, 'server error');
}
