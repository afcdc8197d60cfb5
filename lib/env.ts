import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { LOG_LEVELS } from './log.mjs';
import { DEFAULT_MAX_REPLICA_LAG_SECONDS } from './read-routing';
import {
  isQuietHoursValue,
  minutesOf,
  parseQuietHours,
  TIME_OF_DAY,
  withinQuietHours,
} from './reminders/clock';

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Where plain http is acceptable for NEXTAUTH_URL in production: this machine only. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export const DEVELOPMENT_URL = 'http://localhost:3000';

/** `Name <address>` or a bare address, as MAIL_FROM may be written. */
const MAIL_FROM_PATTERN =
  /^(?:[^<>@]*\S\s*<[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)$/;

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_URL: z
      .string()
      .regex(
        /^postgres(ql)?:\/\//,
        'must be a PostgreSQL URL such as postgres://user:pass@host:5432/adhere',
      )
      .optional(),
    // A streaming replica for the heavy read-only work (db/replica.ts); writes never go there.
    DATABASE_REPLICA_URL: z
      .string()
      .regex(
        /^postgres(ql)?:\/\//,
        'must be a PostgreSQL URL of a read replica such as postgres://user:pass@replica:5432/adhere',
      )
      .optional(),
    DATABASE_REPLICA_MAX_LAG_SECONDS: z
      .string()
      .regex(/^\d{1,6}$/, 'must be a whole number of seconds, such as 30')
      .transform(Number)
      .default(DEFAULT_MAX_REPLICA_LAG_SECONDS),
    PGLITE_DIR: z.string().min(1).default('.data/pglite'),
    APP_TIMEZONE: z
      .string()
      .refine(
        isTimeZone,
        'must be an IANA time zone name such as Europe/London or America/New_York',
      )
      .default('UTC'),
    NEXTAUTH_URL: z
      .url({
        protocol: /^https?$/,
        hostname: /^.+$/,
        error: 'must be the public URL of this Adhere, such as https://adhere.example.org',
      })
      .optional(),
    NEXTAUTH_SECRET: z
      .string()
      .min(32, 'must be at least 32 random characters (e.g. `openssl rand -base64 32`)')
      .optional(),
    SMTP_URL: z
      .url({
        protocol: /^smtps?$/,
        hostname: /^.+$/,
        error:
          'must be an SMTP URL such as smtp://user:pass@mail.example.org:587 (STARTTLS) or smtps://user:pass@mail.example.org:465 (TLS)',
      })
      .optional(),
    MAIL_FROM: z
      .string()
      .trim()
      .regex(
        MAIL_FROM_PATTERN,
        'must be the sender, such as "Riverside Physiotherapy <adhere@riverside.example>"',
      )
      .optional(),
    // How many reverse proxies in front of Adhere append to X-Forwarded-For (lib/client-address.ts).
    TRUSTED_PROXY_HOPS: z
      .string()
      .regex(/^\d{1,2}$/, 'must be a whole number of proxies in front of Adhere: 0, 1, 2 …')
      .transform(Number)
      .default(0),
    // Reminders (lib/reminders/): the clinic's defaults, in APP_TIMEZONE.
    REMINDER_DEFAULT_TIME: z
      .string()
      .regex(TIME_OF_DAY, 'must be a time of day HH:MM, such as 18:00')
      .default('18:00'),
    REMINDER_EVENING_TIME: z
      .string()
      .regex(TIME_OF_DAY, 'must be a time of day HH:MM, such as 20:30')
      .default('20:30'),
    REMINDER_QUIET_HOURS: z
      .string()
      .refine(isQuietHoursValue, 'must be a span HH:MM-HH:MM, such as 21:30-07:30, or none')
      .default('21:30-07:30'),
    // Web Push (db/web-push.ts). Outside production with the embedded database they are generated.
    VAPID_PUBLIC_KEY: z
      .string()
      .regex(
        /^[A-Za-z0-9_-]{80,90}$/,
        'must be a VAPID public key (base64url, from `npx web-push generate-vapid-keys`)',
      )
      .optional(),
    VAPID_PRIVATE_KEY: z
      .string()
      .regex(
        /^[A-Za-z0-9_-]{40,45}$/,
        'must be a VAPID private key (base64url, from `npx web-push generate-vapid-keys`)',
      )
      .optional(),
    VAPID_SUBJECT: z
      .string()
      .regex(
        /^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/,
        'must be mailto:someone@clinic.example or an https URL',
      )
      .optional(),
    // Tests and development only: origins of push services on loopback or private hosts that
    // subscriptions may name (otherwise refused, since the server posts to the patient's URL).
    PUSH_ALLOWED_PRIVATE_ORIGINS: z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((origin) => origin.trim())
          .filter(Boolean),
      )
      .pipe(
        z.array(
          z.url({
            protocol: /^https?$/,
            hostname: /^.+$/,
            error: 'must be origins such as http://127.0.0.1:4000, comma-separated',
          }),
        ),
      )
      .default([]),
    LOG_LEVEL: z.preprocess(
      (value) => (typeof value === 'string' ? value.trim().toLowerCase() : value),
      z
        .enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')} (default info)` })
        .default('info'),
    ),
  })
  .superRefine((env, context) => {
    if (env.SMTP_URL && !env.MAIL_FROM) {
      context.addIssue({
        code: 'custom',
        path: ['MAIL_FROM'],
        message:
          'required with SMTP_URL: the sender of invitations, such as "Riverside Physiotherapy <adhere@riverside.example>"',
      });
    }
    if (env.MAIL_FROM && !env.SMTP_URL) {
      context.addIssue({
        code: 'custom',
        path: ['SMTP_URL'],
        message:
          'required with MAIL_FROM: the mail server, such as smtp://user:pass@mail.example.org:587',
      });
    }
    if (env.DATABASE_REPLICA_URL && !env.DATABASE_URL) {
      context.addIssue({
        code: 'custom',
        path: ['DATABASE_REPLICA_URL'],
        message:
          'needs DATABASE_URL: a replica copies a PostgreSQL primary, which writes go to (the embedded database has no replicas)',
      });
    }
    // (A value that is not quiet hours at all already has its own message.)
    const quiet = isQuietHoursValue(env.REMINDER_QUIET_HOURS)
      ? parseQuietHours(env.REMINDER_QUIET_HOURS)
      : null;
    for (const key of ['REMINDER_DEFAULT_TIME', 'REMINDER_EVENING_TIME'] as const) {
      const time = env[key];
      if (TIME_OF_DAY.test(time) && withinQuietHours(minutesOf(time), quiet)) {
        context.addIssue({
          code: 'custom',
          path: [key],
          message: `must be outside REMINDER_QUIET_HOURS (${env.REMINDER_QUIET_HOURS}): no reminder is sent then`,
        });
      }
    }
    const vapid = [env.VAPID_PUBLIC_KEY, env.VAPID_PRIVATE_KEY, env.VAPID_SUBJECT];
    if (vapid.some(Boolean) && !vapid.every(Boolean)) {
      context.addIssue({
        code: 'custom',
        path: [
          !env.VAPID_PUBLIC_KEY
            ? 'VAPID_PUBLIC_KEY'
            : !env.VAPID_PRIVATE_KEY
              ? 'VAPID_PRIVATE_KEY'
              : 'VAPID_SUBJECT',
        ],
        message:
          'VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT go together: set all three, or none',
      });
    }
    if (env.NODE_ENV !== 'production') return;
    // A push service on this machine (the cluster harness's receiver) is the one private origin
    // production accepts: the operator named it, and a private network stays out of reach.
    // The scheduler says at start-up which origins these are (db/reminder-scheduler.ts).
    const notLoopback = env.PUSH_ALLOWED_PRIVATE_ORIGINS.filter(
      (origin) => !LOOPBACK_HOSTS.has(new URL(origin).hostname),
    );
    if (notLoopback.length > 0) {
      context.addIssue({
        code: 'custom',
        path: ['PUSH_ALLOWED_PRIVATE_ORIGINS'],
        message: `in production only loopback origins, such as http://127.0.0.1:4100 (push services are public https hosts), not ${notLoopback.join(', ')}`,
      });
    }
    // Production never guesses: links and cookies follow the configured public URL, and
    // sessions are signed with a secret the operator chose (the same on every app server).
    if (!env.NEXTAUTH_URL) {
      context.addIssue({
        code: 'custom',
        path: ['NEXTAUTH_URL'],
        message:
          'required in production: the public URL of this Adhere, such as https://adhere.example.org',
      });
    } else if (URL.canParse(env.NEXTAUTH_URL)) {
      // (A value that is not a URL at all already has its own message.)
      const url = new URL(env.NEXTAUTH_URL);
      if (url.protocol !== 'https:' && !LOOPBACK_HOSTS.has(url.hostname)) {
        context.addIssue({
          code: 'custom',
          path: ['NEXTAUTH_URL'],
          message: `must use https in production (only localhost may use http), not ${url.origin}`,
        });
      }
    }
    if (!env.NEXTAUTH_SECRET) {
      context.addIssue({
        code: 'custom',
        path: ['NEXTAUTH_SECRET'],
        message:
          'required in production: at least 32 random characters, e.g. `openssl rand -base64 32`',
      });
    }
  });

type Parsed = z.infer<typeof schema>;

export type Env = Omit<Parsed, 'NEXTAUTH_URL' | 'NEXTAUTH_SECRET'> & {
  /** The configured public URL; outside production `http://localhost:3000` when unset. */
  NEXTAUTH_URL: string;
  NEXTAUTH_SECRET: string;
};

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
}

/**
 * Outside production, Adhere is being tried out or developed: it keeps a generated signing secret
 * beside the embedded database so that sessions survive a restart without any configuration.
 */
function embeddedSecret(dataDir: string): string {
  const file = path.join(path.dirname(path.resolve(dataDir)), 'auth-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(path.dirname(file), { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = schema.safeParse(
    Object.fromEntries(Object.entries(source).map(([k, v]) => [k, v === '' ? undefined : v])),
  );
  if (!parsed.success) {
    throw new Error(
      `Adhere's configuration is invalid:\n${describe(parsed.error)}\nSee .env.example.`,
    );
  }
  const env = parsed.data;
  return {
    ...env,
    NEXTAUTH_URL: env.NEXTAUTH_URL ?? DEVELOPMENT_URL,
    NEXTAUTH_SECRET: env.NEXTAUTH_SECRET ?? embeddedSecret(env.PGLITE_DIR),
  };
}

let cached: Env | undefined;

/** Validated once per process, on first use. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
