import { spawn } from 'node:child_process';
import {
  constants,
  accessSync,
  existsSync,
  openSync,
  readSync,
  closeSync,
  readdirSync,
} from 'node:fs';
import { chmod, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Sql } from 'postgres';
import { lockPglite, DatabaseInUseError } from './client';

/**
 * Backups of either database (`npm run db:backup` / `npm run db:restore`):
 * - PostgreSQL: `pg_dump` in its custom format, restored by `pg_restore` through `psql` in one
 *   transaction, so a failed restore leaves the database as it was;
 * - the embedded database: PGlite's dump of its data directory (a gzipped tarball), restored into
 *   a fresh folder that replaces the old one only once it opens.
 * Every failure an operator can meet is a BackupError whose message says what to do.
 */
export class BackupError extends Error {
  name = 'BackupError';
}

export type BackupTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

/** A backup holds every patient's records: readable by its owner only. */
const BACKUP_FILE_MODE = 0o600;

export interface BackupResult {
  file: string;
  bytes: number;
  description: string;
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL's client tools

/** Where Debian and Ubuntu install each PostgreSQL version's programs. */
export const POSTGRES_BIN_ROOT = '/usr/lib/postgresql';

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * A PostgreSQL program on PATH or, failing that, in the newest version under
 * /usr/lib/postgresql/<version>/bin (a newer pg_dump can dump an older server, not the reverse).
 */
export function findPostgresTool(
  name: 'pg_dump' | 'pg_restore' | 'psql',
  where: { path?: string; root?: string } = {},
): string | null {
  for (const dir of (where.path ?? process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  const root = where.root ?? POSTGRES_BIN_ROOT;
  let versions: string[];
  try {
    versions = readdirSync(root).filter((v) => /^\d+(\.\d+)?$/.test(v));
  } catch {
    return null;
  }
  versions.sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const file = path.join(root, version, 'bin', name);
    if (isExecutable(file)) return file;
  }
  return null;
}

function requireTool(name: 'pg_dump' | 'pg_restore' | 'psql'): string {
  const tool = findPostgresTool(name);
  if (!tool) {
    throw new BackupError(
      `${name} was not found (looked on PATH and in ${POSTGRES_BIN_ROOT}/*/bin). Install ` +
        "PostgreSQL's client tools, the server's major version or newer (Debian/Ubuntu: " +
        '`sudo apt-get install postgresql-client`), or put their folder on PATH.',
    );
  }
  return tool;
}

/** libpq's view of a URL: the password travels in PGPASSWORD, never on a command line. */
function libpqConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv; label: string } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  const env: NodeJS.ProcessEnv = { ...process.env, PGAPPNAME: 'adhere-backup' };
  if (password) env.PGPASSWORD = password;
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || '(default)';
  return { dbname: parsed.toString(), env, label: `${database} on ${parsed.host}` };
}

interface Run {
  code: number | null;
  stderr: string;
}

function collect(child: ReturnType<typeof spawn>): Promise<Run> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < 20_000) stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

async function withPostgres<T>(url: string, work: (sql: Sql) => Promise<T>) {
  const { default: postgres } = await import('postgres');
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    return await work(sql);
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`Could not connect to the database: ${(error as Error).message}`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** The schemas holding anything (tables, sequences, types, functions) in a database. */
async function postgresContents(url: string): Promise<{ schemas: string[]; relations: number }> {
  return withPostgres(url, async (sql) => {
    const rows = await sql<{ schema: string; relations: number; others: number }[]>`
      select n.nspname as schema,
        (select count(*)::int from pg_class c where c.relnamespace = n.oid) as relations,
        (select count(*)::int from pg_proc p where p.pronamespace = n.oid)
          + (select count(*)::int from pg_type t where t.typnamespace = n.oid
               and t.typtype in ('e', 'd', 'c') and t.typrelid = 0) as others
      from pg_namespace n
      where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
    `;
    const used = rows.filter((r) => r.relations + r.others > 0 || r.schema !== 'public');
    return {
      schemas: used.map((r) => r.schema),
      relations: rows.reduce((n, r) => n + r.relations, 0),
    };
  });
}

async function backupPostgres(url: string, file: string): Promise<string> {
  const pgDump = requireTool('pg_dump');
  const { dbname, env, label } = libpqConnection(url);
  const partial = `${file}.partial-${process.pid}`;
  const run = await collect(
    spawn(pgDump, ['--format=custom', `--file=${partial}`, `--dbname=${dbname}`], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    }),
  );
  if (run.code !== 0) {
    await rm(partial, { force: true });
    throw new BackupError(`pg_dump could not back up ${label}:\n${run.stderr.trim()}`);
  }
  await chmod(partial, BACKUP_FILE_MODE);
  await rename(partial, file);
  return `PostgreSQL database ${label} (pg_dump custom format)`;
}

async function restorePostgres(url: string, file: string, force: boolean): Promise<string> {
  const pgRestore = requireTool('pg_restore');
  const psql = requireTool('psql');
  const { dbname, env, label } = libpqConnection(url);
  const contents = await postgresContents(url);
  if (contents.schemas.length > 0 && !force) {
    throw new BackupError(
      `The database ${label} is not empty (${contents.relations} tables, sequences and indexes ` +
        `in ${contents.schemas.join(', ')}); restoring would replace what is there. Restore into ` +
        'a new, empty database, or add --force to replace its contents.',
    );
  }
  // pg_restore turns the dump into SQL; psql runs that and the clearing of the old contents as
  // one transaction, so a restore that fails part-way changes nothing.
  const restore = spawn(pgRestore, ['--no-owner', '--no-privileges', '--file=-', file], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const apply = spawn(
    psql,
    [
      '--no-psqlrc',
      '--quiet',
      '--single-transaction',
      '--set=ON_ERROR_STOP=1',
      `--dbname=${dbname}`,
      '--file=-',
    ],
    { env, stdio: ['pipe', 'ignore', 'pipe'] },
  );
  const restored = collect(restore);
  const applied = collect(apply);
  if (force && contents.schemas.length > 0) {
    const clear = contents.schemas.map((s) => `DROP SCHEMA "${s.replace(/"/g, '""')}" CASCADE;`);
    if (contents.schemas.includes('public')) clear.push('CREATE SCHEMA public;');
    apply.stdin?.write(`${clear.join('\n')}\n`);
  }
  restore.stdout?.pipe(apply.stdin!);
  const [dumped, ran] = await Promise.all([restored, applied]);
  if (dumped.code !== 0 || ran.code !== 0) {
    throw new BackupError(
      `The restore failed and ${label} was left as it was:\n${(dumped.stderr + ran.stderr).trim()}`,
    );
  }
  return `PostgreSQL database ${label}`;
}

// ---------------------------------------------------------------------------------------------
// The embedded database

function isEmptyFolder(dir: string): boolean {
  try {
    return readdirSync(dir).length === 0;
  } catch {
    return true;
  }
}

function claim(dataDir: string): () => void {
  try {
    return lockPglite(dataDir);
  } catch (error) {
    if (error instanceof DatabaseInUseError) {
      throw new BackupError(
        `${error.message} Backups of the embedded database are made while Adhere is stopped ` +
          '(PostgreSQL is backed up while it runs).',
      );
    }
    throw error;
  }
}

async function backupPglite(dataDir: string, file: string): Promise<string> {
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    throw new BackupError(`There is no embedded database in ${dataDir} to back up.`);
  }
  const release = claim(dataDir);
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const client = new PGlite(path.resolve(dataDir));
    try {
      // A dump asked for before PGlite is ready never completes.
      await client.waitReady;
      const dump = await client.dumpDataDir('gzip');
      const partial = `${file}.partial-${process.pid}`;
      await writeFile(partial, Buffer.from(await dump.arrayBuffer()), { mode: BACKUP_FILE_MODE });
      await rename(partial, file);
    } finally {
      await client.close();
    }
  } finally {
    release();
  }
  return `embedded database in ${dataDir} (PGlite data-directory dump)`;
}

async function restorePglite(dataDir: string, file: string, force: boolean): Promise<string> {
  const target = path.resolve(dataDir);
  if (!isEmptyFolder(target) && !force) {
    throw new BackupError(
      `The embedded database folder ${dataDir} is not empty; restoring would replace it. ` +
        'Restore into an empty folder (set PGLITE_DIR), or add --force to replace it.',
    );
  }
  const release = claim(dataDir);
  const fresh = `${target}.restoring-${process.pid}`;
  try {
    await rm(fresh, { recursive: true, force: true });
    const { PGlite } = await import('@electric-sql/pglite');
    const client = new PGlite(fresh, { loadDataDir: new Blob([await readFile(file)]) });
    try {
      await client.waitReady;
      await client.query('select 1');
    } catch (error) {
      throw new BackupError(`${file} could not be restored: ${(error as Error).message}`);
    } finally {
      await client.close().catch(() => {});
    }
    // Only now, with the restored copy known to open, does it replace the old folder.
    const old = `${target}.replaced-${process.pid}`;
    if (existsSync(target)) await rename(target, old);
    await rename(fresh, target);
    await rm(old, { recursive: true, force: true });
  } finally {
    await rm(fresh, { recursive: true, force: true });
    release();
  }
  return `embedded database in ${dataDir}`;
}

// ---------------------------------------------------------------------------------------------

type FileKind = 'postgres' | 'pglite' | 'unknown';

/** pg_dump's custom format starts with "PGDMP"; PGlite's dump is a gzip stream. */
function kindOfFile(file: string): FileKind {
  const head = Buffer.alloc(5);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, 5, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString('latin1') === 'PGDMP') return 'postgres';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'pglite';
  return 'unknown';
}

export async function backupDatabase(
  target: BackupTarget,
  file: string,
  options: { force?: boolean } = {},
): Promise<BackupResult> {
  if (existsSync(file) && !options.force) {
    throw new BackupError(
      `${file} already exists. Choose a new name (a date in it suits a nightly backup), or add ` +
        '--force to replace it.',
    );
  }
  const description =
    target.kind === 'postgres'
      ? await backupPostgres(target.url, file)
      : await backupPglite(target.dataDir, file);
  return { file, bytes: (await stat(file)).size, description };
}

export async function restoreDatabase(
  target: BackupTarget,
  file: string,
  options: { force?: boolean } = {},
): Promise<BackupResult> {
  if (!existsSync(file)) throw new BackupError(`There is no file ${file} to restore from.`);
  const kind = kindOfFile(file);
  if (kind === 'unknown') {
    throw new BackupError(`${file} is not a backup made by \`npm run db:backup\`.`);
  }
  if (kind !== target.kind) {
    throw new BackupError(
      kind === 'postgres'
        ? `${file} is a PostgreSQL backup: set DATABASE_URL to the database to restore it into.`
        : `${file} is a backup of the embedded database: unset DATABASE_URL to restore it into ` +
            'PGLITE_DIR.',
    );
  }
  const force = options.force ?? false;
  const description =
    target.kind === 'postgres'
      ? await restorePostgres(target.url, file, force)
      : await restorePglite(target.dataDir, file, force);
  return { file, bytes: (await stat(file)).size, description };
}
