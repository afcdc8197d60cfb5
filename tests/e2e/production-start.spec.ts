import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { expect, test } from './fixtures';

// `NODE_ENV=production npm start` against the production build the e2e run made: what an
// operator sees when the configuration is missing, and what a new embedded database gets.

interface Started {
  code: number | null;
  output: string;
}

/** Starts the production server (on a port of the system's choosing) until `until` or exit. */
function startServer(
  variables: Record<string, string>,
  until?: (output: string) => boolean,
): Promise<Started> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/server.mjs', '-p', '0', '-H', '127.0.0.1'], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        DATABASE_URL: '',
        SMTP_URL: '',
        MAIL_FROM: '',
        NEXTAUTH_URL: '',
        NEXTAUTH_SECRET: '',
        ...variables,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    const collect = (chunk: Buffer) => {
      output += String(chunk);
      if (until?.(output)) child.kill('SIGTERM');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const SECRET = 'production-start-test-secret-0123456789';

test.describe('a production start', () => {
  let dir: string;
  test.beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'adhere-production-start-'));
  });
  test.afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('refuses to start without NEXTAUTH_URL and NEXTAUTH_SECRET, naming them', async () => {
    const started = await startServer({ PGLITE_DIR: path.join(dir, 'pglite') }, (output) =>
      output.includes('listening on'),
    );
    expect(started.code).toBe(1);
    expect(started.output).toContain('NEXTAUTH_URL: required in production');
    expect(started.output).toContain('NEXTAUTH_SECRET: required in production');
    expect(started.output).toContain('Adhere did not start.');
  });

  test('refuses a public URL that is not https', async () => {
    const started = await startServer(
      {
        PGLITE_DIR: path.join(dir, 'pglite'),
        NEXTAUTH_URL: 'http://adhere.riverside.example',
        NEXTAUTH_SECRET: SECRET,
      },
      (output) => output.includes('listening on'),
    );
    expect(started.code).toBe(1);
    expect(started.output).toContain('NEXTAUTH_URL: must use https in production');
  });

  test('on a new embedded database creates no demo accounts and says how to make the first admin', async () => {
    const dataDir = path.join(dir, 'pglite');
    const started = await startServer(
      {
        PGLITE_DIR: dataDir,
        NEXTAUTH_URL: 'https://adhere.riverside.example',
        NEXTAUTH_SECRET: SECRET,
      },
      // Until it has decided what to do with the empty database (the hint, or the demo data).
      (output) =>
        output.includes('listening on') && /No accounts yet|adding demo data/.test(output),
    );
    expect(started.output).toContain('npm run admin:create -- --email');
    expect(started.output).not.toContain('adding demo data');
    expect(started.output).not.toContain('adhere-demo-password');

    const db = new PGlite(dataDir);
    try {
      const accounts = await db.query<{ n: number }>('select count(*)::int as n from users');
      expect(accounts.rows[0]?.n).toBe(0);
      // The shipped exercise library is reference data, not demo data: it is there.
      const library = await db.query<{ n: number }>(
        'select count(*)::int as n from exercises where library_key is not null',
      );
      expect(library.rows[0]?.n).toBeGreaterThanOrEqual(20);
    } finally {
      await db.close();
    }
  });
});
