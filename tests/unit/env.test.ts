import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';

const secret = 'x'.repeat(40);

describe('parseEnv', () => {
  it('defaults to the embedded database in UTC', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'adhere-env-'));
    const env = parseEnv({ PGLITE_DIR: path.join(dir, 'pglite') });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.APP_TIMEZONE).toBe('UTC');
    // The generated secret is kept beside the data, so sessions survive a restart.
    expect(env.NEXTAUTH_SECRET).toBe(readFileSync(path.join(dir, 'auth-secret'), 'utf8'));
    expect(parseEnv({ PGLITE_DIR: path.join(dir, 'pglite') }).NEXTAUTH_SECRET).toBe(
      env.NEXTAUTH_SECRET,
    );
  });

  it('names the variable that is wrong and what it should look like', () => {
    expect(() => parseEnv({ APP_TIMEZONE: 'Mars/Olympus', NEXTAUTH_SECRET: secret })).toThrow(
      /APP_TIMEZONE: must be an IANA time zone name/,
    );
    expect(() => parseEnv({ DATABASE_URL: 'mysql://x', NEXTAUTH_SECRET: secret })).toThrow(
      /DATABASE_URL: must be a PostgreSQL URL/,
    );
    expect(() => parseEnv({ NEXTAUTH_SECRET: 'short' })).toThrow(
      /NEXTAUTH_SECRET: must be at least 32/,
    );
  });

  it('requires a real secret for PostgreSQL in production', () => {
    expect(() =>
      parseEnv({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/adhere' }),
    ).toThrow(/NEXTAUTH_SECRET: required with DATABASE_URL in production/);
    expect(
      parseEnv({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://db/adhere',
        NEXTAUTH_SECRET: secret,
      }).NEXTAUTH_SECRET,
    ).toBe(secret);
  });

  it('treats empty variables as unset', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'adhere-env-'));
    const env = parseEnv({ DATABASE_URL: '', APP_TIMEZONE: '', PGLITE_DIR: path.join(dir, 'db') });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.APP_TIMEZONE).toBe('UTC');
  });
});
