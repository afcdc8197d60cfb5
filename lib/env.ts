import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { LOG_LEVELS } from './log.mjs';

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .string()
    .regex(
      /^postgres(ql)?:\/\//,
      'must be a PostgreSQL URL such as postgres://user:pass@host:5432/adhere',
    )
    .optional(),
  PGLITE_DIR: z.string().min(1).default('.data/pglite'),
  APP_TIMEZONE: z
    .string()
    .refine(isTimeZone, 'must be an IANA time zone name such as Europe/London or America/New_York')
    .default('UTC'),
  NEXTAUTH_URL: z
    .url('must be the public URL of this Adhere, such as https://adhere.example.org')
    .optional(),
  NEXTAUTH_SECRET: z
    .string()
    .min(32, 'must be at least 32 random characters (e.g. `openssl rand -base64 32`)')
    .optional(),
  LOG_LEVEL: z.preprocess(
    (value) => (typeof value === 'string' ? value.trim().toLowerCase() : value),
    z
      .enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')} (default info)` })
      .default('info'),
  ),
});

export type Env = z.infer<typeof schema> & { NEXTAUTH_SECRET: string };

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
}

/**
 * The embedded database is for trying Adhere out: it keeps a generated signing secret beside its
 * data so that sessions survive a restart without any configuration.
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
  if (env.NEXTAUTH_SECRET) return { ...env, NEXTAUTH_SECRET: env.NEXTAUTH_SECRET };
  if (env.DATABASE_URL && env.NODE_ENV === 'production') {
    throw new Error(
      "Adhere's configuration is invalid:\n  NEXTAUTH_SECRET: required with DATABASE_URL in production " +
        '(at least 32 random characters, e.g. `openssl rand -base64 32`)\nSee .env.example.',
    );
  }
  return { ...env, NEXTAUTH_SECRET: embeddedSecret(env.PGLITE_DIR) };
}

let cached: Env | undefined;

/** Validated once per process, on first use. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
