import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeDatabase,
  installDatabase,
  openPglite,
  openPostgres,
  type Database,
} from '@/db/client';
import { signInWithPassword } from '@/db/queries/auth';
import { redeemSetPasswordLink } from '@/db/queries/set-password';
import { auditEvents, mailOutbox, users } from '@/db/schema';
import { startSmtpCatcher } from '../support/smtp-catcher';

// `npm run admin:create`, run as an operator runs it, against a database that has only been
// migrated with `npm run db:migrate`: the embedded one in a folder, or a new PostgreSQL database.

const PUBLIC_URL = 'https://adhere.riverside.example';
const LINK = /https:\/\/adhere\.riverside\.example\/set-password\/([\w-]+)/;
const postgresServer =
  process.env.ADHERE_TEST_DRIVER === 'postgres' ? process.env.TEST_DATABASE_URL : undefined;

let databaseEnv: Record<string, string>;
let cleanUp: () => Promise<void>;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function npm(args: string[], extraEnv: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', ...args], {
      env: {
        ...process.env,
        NODE_ENV: 'development',
        NEXTAUTH_URL: PUBLIC_URL,
        NEXTAUTH_SECRET: 'admin-create-test-secret-0123456789abcdef',
        SMTP_URL: '',
        MAIL_FROM: '',
        ...databaseEnv,
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function adminCreate(args: string[], extraEnv?: Record<string, string>): Promise<Run> {
  return npm(['admin:create', '--', ...args], extraEnv);
}

/** Opens the database the script wrote to (after it exited: the embedded one has one owner). */
async function inspect<T>(check: (db: Database) => Promise<T>): Promise<T> {
  const handle = postgresServer
    ? await openPostgres(databaseEnv.DATABASE_URL!)
    : await openPglite(databaseEnv.PGLITE_DIR);
  installDatabase(handle);
  try {
    return await check(handle.db);
  } finally {
    await closeDatabase();
  }
}

beforeAll(async () => {
  if (postgresServer) {
    const { default: postgres } = await import('postgres');
    const name = `adhere_test_cli_${Date.now()}_${randomBytes(4).toString('hex')}`;
    const server = postgres(postgresServer, { max: 1, onnotice: () => {} });
    await server.unsafe(`CREATE DATABASE "${name}"`);
    const url = new URL(postgresServer);
    url.pathname = `/${name}`;
    databaseEnv = { DATABASE_URL: url.toString(), PGLITE_DIR: '' };
    cleanUp = async () => {
      await server.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await server.end();
    };
  } else {
    const dir = mkdtempSync(path.join(tmpdir(), 'adhere-admin-create-'));
    databaseEnv = { DATABASE_URL: '', PGLITE_DIR: path.join(dir, 'pglite') };
    cleanUp = async () => rmSync(dir, { recursive: true, force: true });
  }
  const migrated = await npm(['db:migrate']);
  expect(migrated.stderr).toBe('');
  expect(migrated.status).toBe(0);
}, 120_000);

afterAll(async () => {
  await cleanUp();
});

describe('npm run admin:create', { timeout: 180_000 }, () => {
  it('creates the first admin on a freshly migrated database with a set-password link that signs them in', async () => {
    const run = await adminCreate([
      '--email',
      'Dana.Boss@Riverside.example',
      '--name',
      'Dana Boss',
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      'Admin account created for Dana Boss <dana.boss@riverside.example>',
    );
    expect(run.stdout).toContain('E-mail is not configured (SMTP_URL), so hand this link');
    const token = LINK.exec(run.stdout)?.[1];
    expect(token).toBeDefined();

    await inspect(async (db) => {
      // Only the admin: no demo data comes with it.
      const accounts = await db.select().from(users);
      expect(accounts).toHaveLength(1);
      expect(accounts[0]).toMatchObject({
        email: 'dana.boss@riverside.example',
        name: 'Dana Boss',
        role: 'admin',
        active: true,
        passwordHash: null,
      });
      const audit = await db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.action, 'account.created'));
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        actorId: null,
        targetId: accounts[0]!.id,
        details: { role: 'admin', via: 'command_line' },
      });
      expect(await db.select().from(mailOutbox)).toHaveLength(0);

      const redeemed = await redeemSetPasswordLink({
        token: token!,
        password: 'first admin of riverside',
        ip: '127.0.0.1',
      });
      expect(redeemed.ok).toBe(true);
      const signedIn = await signInWithPassword({
        email: 'dana.boss@riverside.example',
        password: 'first admin of riverside',
        ip: '127.0.0.1',
      });
      expect(signedIn.ok && signedIn.value.role).toBe('admin');
    });
  });

  it('refuses an email that already has an account, and creates nothing', async () => {
    const run = await adminCreate([
      '--email',
      ' DANA.BOSS@riverside.example ',
      '--name',
      'Imposter',
    ]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('An account with this email address already exists.');
    expect(run.stderr).toContain('use --new-link instead of --name');
    expect(run.stdout).not.toMatch(LINK);
    await inspect(async (db) => {
      expect(await db.select({ name: users.name }).from(users)).toEqual([{ name: 'Dana Boss' }]);
    });
  });

  it('gives an existing admin a new link with --new-link, and only an admin', async () => {
    const run = await adminCreate(['--email', 'dana.boss@riverside.example', '--new-link']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      'New set-password link for Dana Boss <dana.boss@riverside.example>',
    );
    const token = LINK.exec(run.stdout)?.[1];

    const unknown = await adminCreate(['--email', 'nobody@riverside.example', '--new-link']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('No active admin account has this email address.');

    await inspect(async (db) => {
      const audit = await db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.action, 'account.password_link_issued'));
      expect(audit).toMatchObject([{ actorId: null, details: { via: 'command_line' } }]);
      const redeemed = await redeemSetPasswordLink({
        token: token!,
        password: 'a brand new admin passphrase',
        ip: '127.0.0.1',
      });
      expect(redeemed.ok).toBe(true);
    });
  });

  it('explains what it needs when the arguments are wrong', async () => {
    // None of these reaches the database, so they can run side by side.
    const [missing, badEmail, unknown, help, both] = await Promise.all([
      adminCreate([]),
      adminCreate(['--email', 'dana-at-riverside', '--name', 'Dana']),
      adminCreate(['--mail', 'x@riverside.example']),
      adminCreate(['--help']),
      adminCreate(['--email', 'x@riverside.example', '--name', 'X', '--new-link']),
    ]);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('Give either --name (a new admin) or --new-link');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('Give the admin’s email address with --email.');
    expect(missing.stderr).toContain('Give the admin’s name with --name "Full Name".');
    expect(missing.stderr).toContain(
      'Usage: npm run admin:create -- --email EMAIL --name "FULL NAME"',
    );

    expect(badEmail.status).toBe(2);
    expect(badEmail.stderr).toContain('Enter an email address like name@example.com.');

    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--mail'");

    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: npm run admin:create');
    await inspect(async (db) => {
      expect(await db.select().from(users)).toHaveLength(1);
    });
  });

  it('e-mails the link when SMTP is configured', async () => {
    const catcher = await startSmtpCatcher();
    try {
      const run = await adminCreate(['--email', 'lee@riverside.example', '--name', 'Lee Second'], {
        SMTP_URL: catcher.url,
        MAIL_FROM: 'Riverside Physiotherapy <adhere@riverside.example>',
      });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('The link has also been e-mailed to lee@riverside.example.');
      expect(catcher.messages).toHaveLength(1);
      const [mail] = catcher.messages;
      expect(mail!.to).toBe('lee@riverside.example');
      expect(mail!.subject).toBe('Your Adhere account at Riverside Physiotherapy');
      // The same link as printed.
      expect(LINK.exec(mail!.text)?.[0]).toBe(LINK.exec(run.stdout)?.[0]);
      await inspect(async (db) => {
        const rows = await db.select().from(mailOutbox);
        expect(rows).toMatchObject([{ status: 'sent', toAddress: 'lee@riverside.example' }]);
      });
    } finally {
      await catcher.stop();
    }
  });

  it('still creates the admin when the mail server is down, and leaves the e-mail to be retried', async () => {
    const down = await startSmtpCatcher();
    await down.stop();
    const run = await adminCreate(['--email', 'kim@riverside.example', '--name', 'Kim Third'], {
      SMTP_URL: down.url,
      MAIL_FROM: 'Riverside Physiotherapy <adhere@riverside.example>',
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(LINK);
    expect(run.stdout).toContain('The link could not be e-mailed yet.');
    expect(run.stdout).not.toContain(down.password);
    await inspect(async (db) => {
      const [account] = await db
        .select()
        .from(users)
        .where(eq(users.email, 'kim@riverside.example'));
      expect(account?.role).toBe('admin');
      const rows = await db
        .select()
        .from(mailOutbox)
        .where(eq(mailOutbox.recipientId, account!.id));
      expect(rows).toMatchObject([{ status: 'retrying', attempts: 1 }]);
    });
  });
});
