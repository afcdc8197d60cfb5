import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeDatabase,
  installDatabase,
  openPglite,
  openPostgres,
  type Database,
  type DatabaseHandle,
} from '@/db/client';
import { rowsOf } from '@/db/metrics';
import type { Actor } from '@/db/queries/actor';
import { openWeeklyCsvExport } from '@/db/queries/reports';
import { seedAll } from '@/db/seed';
import { DEMO_ADMIN_EMAIL } from '@/db/seed/demo-clinic';

// Both kinds of database, as `npm run db:backup` / `db:restore` meet them: the commands run as
// separate processes, exactly as an operator (or cron) runs them.
const driver = process.env.ADHERE_TEST_DRIVER === 'postgres' ? 'postgres' : 'pglite';
const TODAY = '2026-11-25';
const tsx = path.resolve('node_modules/.bin/tsx');

interface Target {
  env: Record<string, string>;
  open(): Promise<DatabaseHandle>;
  drop(): Promise<void>;
}

const folder = mkdtempSync(path.join(tmpdir(), 'adhere-backup-test-'));
const serverUrl = process.env.TEST_DATABASE_URL;

async function postgresTarget(): Promise<Target> {
  const { default: postgres } = await import('postgres');
  const name = `adhere_test_backup_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl!);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    open: () => openPostgres(url.toString()),
    async drop() {
      const again = postgres(serverUrl!, { max: 1, onnotice: () => {} });
      await again.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await again.end();
    },
  };
}

function pgliteTarget(name: string): Target {
  const dataDir = path.join(folder, name);
  return {
    env: { PGLITE_DIR: dataDir, DATABASE_URL: '' },
    open: () => openPglite(dataDir),
    drop: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

const newTarget = (name: string) => (driver === 'postgres' ? postgresTarget() : pgliteTarget(name));

function command(script: 'db-backup.ts' | 'db-restore.ts', target: Target, ...args: string[]) {
  const result = spawnSync(tsx, [path.join('scripts', script), ...args], {
    env: { ...process.env, ...target.env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

/** Everything in the database, comparable: every row of every table, sequences, triggers. */
async function snapshot(db: Database) {
  const tables = rowsOf<{ schema: string; name: string }>(
    await db.execute(sql`
      select table_schema as schema, table_name as name from information_schema.tables
      where table_schema in ('public', 'drizzle') and table_type = 'BASE TABLE'
      order by 1, 2`),
  );
  const rows: Record<string, string[]> = {};
  for (const { schema, name } of tables) {
    const result = await db.execute(
      sql`select row_to_json(t)::text as row from ${sql.identifier(schema)}.${sql.identifier(name)} t`,
    );
    rows[`${schema}.${name}`] = rowsOf<{ row: string }>(result)
      .map((r) => r.row)
      .sort();
  }
  const sequences = rowsOf(
    await db.execute(
      sql`select sequencename, last_value::text from pg_sequences where schemaname = 'public' order by 1`,
    ),
  );
  const triggers = rowsOf(
    await db.execute(sql`select tgname from pg_trigger where not tgisinternal order by 1`),
  );
  return { rows, sequences, triggers };
}

async function weeklyCsv(handle: DatabaseHandle): Promise<string> {
  installDatabase(handle);
  const [admin] = rowsOf<{ id: string; name: string }>(
    await handle.db.execute(sql`select id, name from users where email = ${DEMO_ADMIN_EMAIL}`),
  );
  const actor: Actor = {
    id: admin!.id,
    role: 'admin',
    name: admin!.name,
    email: DEMO_ADMIN_EMAIL,
    sessionId: 'backup-test',
  };
  const stream = await openWeeklyCsvExport(actor, {}, TODAY);
  return new Response(stream).text();
}

describe(`backup and restore (${driver === 'postgres' ? 'PostgreSQL, pg_dump' : 'embedded, PGlite dump'})`, () => {
  let source: Target;
  let empty: Target;
  const file = path.join(folder, driver === 'postgres' ? 'adhere.dump' : 'adhere.tgz');
  let before: Awaited<ReturnType<typeof snapshot>>;
  let csvBefore: string;

  beforeAll(async () => {
    source = await newTarget('source');
    empty = await newTarget('restored');
    const handle = await source.open();
    if (driver === 'postgres') {
      const { migrate } = await import('drizzle-orm/postgres-js/migrator');
      const { migrationsFolder } = await import('@/db/client');
      await migrate(handle.db as Parameters<typeof migrate>[0], { migrationsFolder });
    }
    await seedAll(handle.db, { today: TODAY });
    csvBefore = await weeklyCsv(handle);
    before = await snapshot(handle.db);
    await closeDatabase();
  });

  afterAll(async () => {
    await closeDatabase();
    await source?.drop();
    await empty?.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('backs up to a file only its owner can read, and will not overwrite one', () => {
    const made = command('db-backup.ts', source, file);
    expect(made.out).toMatch(/^Backed up the .* to .* \(\d+\.\d MB\) in \d+\.\d s\.\n$/);
    expect(made.code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const again = command('db-backup.ts', source, file);
    expect(again.code).toBe(1);
    expect(again.out).toContain('already exists');
    expect(again.out).toContain('--force');
  });

  it('restores into an empty database with identical rows and an identical weekly CSV', async () => {
    const restored = command('db-restore.ts', empty, file);
    expect(restored.out).toMatch(/^Restored the /);
    expect(restored.code).toBe(0);

    const handle = await empty.open();
    expect(before.rows['public.users']!.length).toBeGreaterThan(30);
    expect(before.rows['public.completions']!.length).toBeGreaterThan(1000);
    expect(await snapshot(handle.db)).toEqual(before);
    expect(await weeklyCsv(handle)).toBe(csvBefore);
    await closeDatabase();
  });

  it('refuses a database that is not empty unless told, then replaces it whole', async () => {
    // The restored copy has moved on since (the export above was audited).
    const refused = command('db-restore.ts', empty, file);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/is not empty.*--force/s);

    const handle = await empty.open();
    const changed = await snapshot(handle.db);
    expect(changed.rows['public.audit_events']!.length).toBe(
      before.rows['public.audit_events']!.length + 1,
    );
    await handle.close();

    const forced = command('db-restore.ts', empty, file, '--force');
    expect(forced.code, forced.out).toBe(0);
    const again = await empty.open();
    expect(await snapshot(again.db)).toEqual(before);
    await again.close();
  });

  it('says what is wrong with a file that is not a backup, or one for the other database', async () => {
    const other = path.join(folder, 'other');
    writeFileSync(other, 'hello');
    const wrong = command('db-restore.ts', empty, other, '--force');
    expect(wrong.code).toBe(1);
    expect(wrong.out).toContain('is not a backup made by `npm run db:backup`');

    const missing = command('db-restore.ts', empty, path.join(folder, 'nothing-here'));
    expect(missing.out).toContain('There is no file');
    const usage = command('db-restore.ts', empty);
    expect(usage.code).toBe(2);
    expect(usage.out).toContain('Usage: npm run db:restore -- FILE [--force]');
  });

  // The lock exists only for the embedded database.
  if (driver !== 'pglite') return;
  it('will not touch an embedded database that a running Adhere has open', async () => {
    const handle = await empty.open();
    try {
      const busy = command('db-backup.ts', empty, path.join(folder, 'busy.tgz'));
      expect(busy.code).toBe(1);
      expect(busy.out).toContain('is open in another process');
      expect(busy.out).toContain('Stop Adhere');
      expect(existsSync(path.join(folder, 'busy.tgz'))).toBe(false);
      const restore = command('db-restore.ts', empty, file, '--force');
      expect(restore.code).toBe(1);
      expect(restore.out).toContain('is open in another process');
      await handle.db.execute(sql`select 1`);
    } finally {
      await handle.close();
    }
  });
});
