import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type LogLevel, createLogger, parseLogLevel, scrub, serializeError } from '@/lib/log.mjs';
import { parseEnv } from '@/lib/env';

/** A logger writing into an array, one parsed JSON object per line. */
function capture(options: { level?: LogLevel } = {}) {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { log: createLogger({ level: options.level ?? 'info', destination }), lines };
}

/** drizzle-orm's wrapper around a failed statement: the values are in its message. */
class DrizzleQueryError extends Error {
  constructor(
    public query: string,
    public params: unknown[],
    cause: Error,
  ) {
    super(`Failed query: ${query}\nparams: ${params.join(',')}`, { cause });
  }
}

/** What postgres.js throws: DETAIL quotes the failing row. */
function postgresError(fields: Record<string, string>) {
  return Object.assign(new Error(fields.message), {
    name: 'PostgresError',
    severity: 'ERROR',
    ...fields,
  });
}

describe('the log', () => {
  it('writes one JSON line with a readable level, the time and only the allowed fields', () => {
    const { log, lines } = capture();
    log.info(
      {
        requestId: 'r-1',
        route: '/patient',
        status: 200,
        durationMs: 12.5,
        email: 'jo@x.org',
        body: { pain: 7 },
      },
      'request',
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'info',
      msg: 'request',
      requestId: 'r-1',
      status: 200,
    });
    expect(lines[0]!.time).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(lines[0]).not.toHaveProperty('email');
    expect(lines[0]).not.toHaveProperty('body');
    expect(lines[0]!.dropped).toEqual(['email', 'body']);
  });

  it('keeps an allowed field only as a number, boolean or string', () => {
    const { log, lines } = capture();
    log.info({ route: { path: '/set-password/secret-token' }, status: 500 }, 'x');
    expect(lines[0]).not.toHaveProperty('route');
    expect(JSON.stringify(lines)).not.toContain('secret-token');
  });

  it('masks e-mail addresses and set-password tokens in messages', () => {
    const { log, lines } = capture();
    log.info(
      'sent %s to jo.bloggs@clinic.example, link https://a.example/set-password/AbC_123-xyz?x=1',
      'mail',
    );
    expect(lines[0]!.msg).toBe(
      'sent mail to [email], link https://a.example/set-password/[token]?x=1',
    );
    expect(scrub('x'.repeat(600))).toHaveLength(501);
  });

  it('respects the level', () => {
    const { log, lines } = capture({ level: 'warn' });
    log.info('quiet');
    log.warn('loud');
    expect(lines.map((l) => l.msg)).toEqual(['loud']);
  });
});

describe('errors in the log', () => {
  it('keep the SQL but not the values of a failed drizzle query', () => {
    const cause = postgresError({
      message:
        'new row for relation "pain_reports" violates check constraint "pain_reports_score_range"',
      code: '23514',
      constraint_name: 'pain_reports_score_range',
      table_name: 'pain_reports',
      detail: 'Failing row contains (…, 11, Sore after gardening, …).',
    });
    const error = new DrizzleQueryError(
      'insert into "pain_reports" ("score", "note") values ($1, $2)',
      [11, 'Sore after gardening'],
      cause,
    );
    const out = serializeError(error);
    expect(out.message).toBe(
      'Failed query: insert into "pain_reports" ("score", "note") values ($1, $2)',
    );
    expect(out.cause).toMatchObject({
      type: 'PostgresError',
      code: '23514',
      constraint: 'pain_reports_score_range',
      table: 'pain_reports',
    });
    expect(JSON.stringify(out)).not.toMatch(/Sore after gardening|Failing row|params/);
    // The stack is frames only: its first line would repeat the message.
    expect(out.stack).toMatch(/^\s+at /);
  });

  it('hide the input that a data exception quotes', () => {
    const error = postgresError({
      message: 'invalid input syntax for type uuid: "jo@x.org-not-a-uuid"',
      code: '22P02',
    });
    expect(serializeError(error).message).toBe('invalid input syntax for type uuid: "…"');
  });

  it('logged with `err` go through the same serializer, also when passed alone', () => {
    const { log, lines } = capture();
    log.error(
      { err: new DrizzleQueryError('select $1', ['secret@x.org'], new Error('boom')) },
      'failed',
    );
    log.error(new Error('plain failure for a@b.example'));
    expect(JSON.stringify(lines)).not.toContain('secret@x.org');
    expect(lines[1]).toMatchObject({
      err: { type: 'Error', message: 'plain failure for [email]' },
    });
  });

  it('survive values that are not errors', () => {
    expect(serializeError('a string')).toEqual({
      type: 'string',
      message: '(a thrown value that is not an Error)',
    });
  });
});

describe('LOG_LEVEL', () => {
  it('defaults to info and accepts pino’s levels in any case', () => {
    expect(parseLogLevel(undefined)).toBe('info');
    expect(parseLogLevel('')).toBe('info');
    expect(parseLogLevel(' DEBUG ')).toBe('debug');
  });

  it('names the variable and the levels when it is wrong, at start-up as in lib/env.ts', () => {
    expect(() => parseLogLevel('verbose')).toThrow(
      /LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent/,
    );
    expect(() => parseEnv({ LOG_LEVEL: 'verbose', NEXTAUTH_SECRET: 'x'.repeat(40) })).toThrow(
      /LOG_LEVEL: must be one of fatal, error/,
    );
    expect(parseEnv({ LOG_LEVEL: 'Warn', NEXTAUTH_SECRET: 'x'.repeat(40) }).LOG_LEVEL).toBe('warn');
  });
});
