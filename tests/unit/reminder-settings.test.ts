import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import { resolveVapidKeys } from '@/lib/reminders/vapid';
import { reminderPreferencesSchema } from '@/lib/validation/reminders';

const secret = 'x'.repeat(40);
const production = {
  NODE_ENV: 'production',
  NEXTAUTH_URL: 'https://adhere.riverside.example',
  NEXTAUTH_SECRET: secret,
};
const KEYS = {
  VAPID_PUBLIC_KEY: `B${'A'.repeat(86)}`,
  VAPID_PRIVATE_KEY: 'A'.repeat(43),
  VAPID_SUBJECT: 'mailto:it@riverside.example',
};

describe('reminder configuration', () => {
  it('defaults: 18:00, evening 20:30, quiet 21:30-07:30', () => {
    const env = parseEnv({ NEXTAUTH_SECRET: secret });
    expect(env.REMINDER_DEFAULT_TIME).toBe('18:00');
    expect(env.REMINDER_EVENING_TIME).toBe('20:30');
    expect(env.REMINDER_QUIET_HOURS).toBe('21:30-07:30');
  });

  it('names the wrong variable: a bad time, bad quiet hours, a time inside quiet hours, half a VAPID set', () => {
    expect(() => parseEnv({ NEXTAUTH_SECRET: secret, REMINDER_DEFAULT_TIME: '6pm' })).toThrow(
      /REMINDER_DEFAULT_TIME: must be a time of day HH:MM/,
    );
    expect(() => parseEnv({ NEXTAUTH_SECRET: secret, REMINDER_QUIET_HOURS: '22:00' })).toThrow(
      /REMINDER_QUIET_HOURS: must be a span HH:MM-HH:MM/,
    );
    expect(() => parseEnv({ NEXTAUTH_SECRET: secret, REMINDER_EVENING_TIME: '22:00' })).toThrow(
      /REMINDER_EVENING_TIME: must be outside REMINDER_QUIET_HOURS/,
    );
    expect(
      parseEnv({
        NEXTAUTH_SECRET: secret,
        REMINDER_EVENING_TIME: '22:00',
        REMINDER_QUIET_HOURS: 'none',
      }).REMINDER_EVENING_TIME,
    ).toBe('22:00');
    expect(() =>
      parseEnv({ NEXTAUTH_SECRET: secret, VAPID_PUBLIC_KEY: KEYS.VAPID_PUBLIC_KEY }),
    ).toThrow(
      /VAPID_PRIVATE_KEY: VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT go together/,
    );
  });

  it('private push origins: any in tests and development, loopback only in production', () => {
    expect(
      parseEnv({
        NEXTAUTH_SECRET: secret,
        PUSH_ALLOWED_PRIVATE_ORIGINS: 'http://127.0.0.1:4100, http://[::1]:9',
      }).PUSH_ALLOWED_PRIVATE_ORIGINS,
    ).toEqual(['http://127.0.0.1:4100', 'http://[::1]:9']);
    expect(
      parseEnv({
        ...production,
        PUSH_ALLOWED_PRIVATE_ORIGINS: 'http://127.0.0.1:4100, http://[::1]:9, http://localhost:5',
      }).PUSH_ALLOWED_PRIVATE_ORIGINS,
    ).toEqual(['http://127.0.0.1:4100', 'http://[::1]:9', 'http://localhost:5']);
    for (const origin of ['http://10.0.0.5:4100', 'https://push.internal', 'http://127.0.0.2:1']) {
      expect(() =>
        parseEnv({
          ...production,
          PUSH_ALLOWED_PRIVATE_ORIGINS: `http://127.0.0.1:4100,${origin}`,
        }),
      ).toThrow(/PUSH_ALLOWED_PRIVATE_ORIGINS: in production only loopback origins.*not http/);
    }
  });

  it('VAPID keys: configured ones; generated once beside the embedded database; none in production', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'adhere-vapid-'));
    const dev = parseEnv({ NEXTAUTH_SECRET: secret, PGLITE_DIR: path.join(dir, 'pglite') });
    const generated = resolveVapidKeys(dev);
    expect(generated?.publicKey).toMatch(/^[A-Za-z0-9_-]{87}$/);
    expect(JSON.parse(readFileSync(path.join(dir, 'vapid-keys.json'), 'utf8'))).toMatchObject({
      publicKey: generated?.publicKey,
    });
    expect(resolveVapidKeys(dev)?.publicKey).toBe(generated?.publicKey);
    expect(resolveVapidKeys(parseEnv(production))).toBeNull();
    expect(resolveVapidKeys(parseEnv({ ...production, ...KEYS }))).toEqual({
      publicKey: KEYS.VAPID_PUBLIC_KEY,
      privateKey: KEYS.VAPID_PRIVATE_KEY,
      subject: KEYS.VAPID_SUBJECT,
    });
  });
});

describe('the reminders form', () => {
  it('reads the day boxes into a mask; on needs a day and a channel; off needs neither', () => {
    const parsed = reminderPreferencesSchema.safeParse({
      intent: 'save',
      dailyTime: '18:00',
      day1: 'on',
      day7: 'on',
      email: 'on',
    });
    expect(parsed.success && parsed.data).toEqual({
      enabled: true,
      dailyTime: '18:00',
      daysMask: 1 | 64,
      push: false,
      email: true,
      eveningNudge: false,
    });
    const refused = reminderPreferencesSchema.safeParse({ intent: 'save', dailyTime: '18:00' });
    expect(refused.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['days', 'Choose at least one day.'],
      ['channels', 'Choose how: notifications on this phone, e-mail, or both.'],
    ]);
    expect(reminderPreferencesSchema.safeParse({ intent: 'off', dailyTime: '18:00' }).success).toBe(
      true,
    );
    expect(
      reminderPreferencesSchema.safeParse({
        intent: 'save',
        dailyTime: '25:00',
        day1: 'on',
        push: 'on',
      }).error?.issues[0]?.message,
    ).toBe('Enter a time such as 18:00.');
  });
});
