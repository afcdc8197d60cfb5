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

  describe('in production', () => {
    const production = {
      NODE_ENV: 'production',
      NEXTAUTH_URL: 'https://adhere.riverside.example',
      NEXTAUTH_SECRET: secret,
    };

    it('starts with an https public URL and a secret, on either database', () => {
      const embedded = parseEnv({ ...production, PGLITE_DIR: '/srv/adhere/pglite' });
      expect(embedded.NEXTAUTH_URL).toBe('https://adhere.riverside.example');
      expect(embedded.NEXTAUTH_SECRET).toBe(secret);
      expect(
        parseEnv({ ...production, DATABASE_URL: 'postgres://db/adhere' }).NEXTAUTH_SECRET,
      ).toBe(secret);
    });

    it('refuses to start without NEXTAUTH_URL, naming it', () => {
      expect(() => parseEnv({ ...production, NEXTAUTH_URL: undefined })).toThrow(
        /NEXTAUTH_URL: required in production: the public URL of this Adhere/,
      );
      expect(() => parseEnv({ ...production, NEXTAUTH_URL: '' })).toThrow(/NEXTAUTH_URL: required/);
    });

    it('refuses to start without NEXTAUTH_SECRET, on PostgreSQL and on the embedded database', () => {
      for (const database of [{ DATABASE_URL: 'postgres://db/adhere' }, {}]) {
        expect(() => parseEnv({ ...production, ...database, NEXTAUTH_SECRET: undefined })).toThrow(
          /NEXTAUTH_SECRET: required in production/,
        );
      }
    });

    it('names both variables when both are missing', () => {
      expect(() => parseEnv({ NODE_ENV: 'production' })).toThrow(
        /NEXTAUTH_URL: required[\s\S]*NEXTAUTH_SECRET: required/,
      );
    });

    it('refuses a plain-http public URL unless it is this machine', () => {
      expect(() =>
        parseEnv({ ...production, NEXTAUTH_URL: 'http://adhere.riverside.example' }),
      ).toThrow(/NEXTAUTH_URL: must use https in production/);
      expect(() => parseEnv({ ...production, NEXTAUTH_URL: 'http://10.0.0.5:3000' })).toThrow(
        /must use https/,
      );
      for (const local of ['http://localhost:3000', 'http://127.0.0.1:8080', 'http://[::1]:3000']) {
        expect(parseEnv({ ...production, NEXTAUTH_URL: local }).NEXTAUTH_URL).toBe(local);
      }
    });

    it('refuses a public URL that is not a web address', () => {
      expect(() => parseEnv({ ...production, NEXTAUTH_URL: 'adhere.riverside.example' })).toThrow(
        /NEXTAUTH_URL: must be the public URL of this Adhere/,
      );
      expect(() => parseEnv({ ...production, NEXTAUTH_URL: 'ftp://adhere.example' })).toThrow(
        /NEXTAUTH_URL: must be the public URL/,
      );
    });
  });

  it('defaults the public URL to http://localhost:3000 outside production', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'adhere-env-'));
    expect(parseEnv({ PGLITE_DIR: path.join(dir, 'db') }).NEXTAUTH_URL).toBe(
      'http://localhost:3000',
    );
  });

  describe('e-mail', () => {
    const base = { NEXTAUTH_SECRET: secret };

    it('accepts smtp:// and smtps:// URLs with a sender', () => {
      const env = parseEnv({
        ...base,
        SMTP_URL: 'smtp://adhere:p%40ss@mail.riverside.example:587',
        MAIL_FROM: 'Riverside Physiotherapy <adhere@riverside.example>',
      });
      expect(env.SMTP_URL).toBe('smtp://adhere:p%40ss@mail.riverside.example:587');
      expect(
        parseEnv({ ...base, SMTP_URL: 'smtps://mail.example.org', MAIL_FROM: 'adhere@example.org' })
          .MAIL_FROM,
      ).toBe('adhere@example.org');
    });

    it('names a wrong SMTP_URL or MAIL_FROM and what it should look like', () => {
      expect(() =>
        parseEnv({ ...base, SMTP_URL: 'mail.example.org:587', MAIL_FROM: 'a@example.org' }),
      ).toThrow(/SMTP_URL: must be an SMTP URL such as smtp:\/\/user:pass@/);
      expect(() =>
        parseEnv({ ...base, SMTP_URL: 'https://mail.example.org', MAIL_FROM: 'a@example.org' }),
      ).toThrow(/SMTP_URL: must be an SMTP URL/);
      expect(() =>
        parseEnv({ ...base, SMTP_URL: 'smtp://mail.example.org', MAIL_FROM: 'Riverside' }),
      ).toThrow(/MAIL_FROM: must be the sender, such as/);
    });

    it('needs both SMTP_URL and MAIL_FROM, not one of them', () => {
      expect(() => parseEnv({ ...base, SMTP_URL: 'smtp://mail.example.org' })).toThrow(
        /MAIL_FROM: required with SMTP_URL/,
      );
      expect(() => parseEnv({ ...base, MAIL_FROM: 'adhere@example.org' })).toThrow(
        /SMTP_URL: required with MAIL_FROM/,
      );
    });
  });

  it('treats empty variables as unset', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'adhere-env-'));
    const env = parseEnv({ DATABASE_URL: '', APP_TIMEZONE: '', PGLITE_DIR: path.join(dir, 'db') });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.APP_TIMEZONE).toBe('UTC');
  });
});
