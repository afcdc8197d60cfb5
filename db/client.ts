import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { env } from '@/lib/env';
import * as schema from './schema';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
export type Executor = Database | Transaction;

export const migrationsFolder = path.join(process.cwd(), 'db', 'migrations');

interface Handle {
  db: Database;
  driver: 'postgres' | 'pglite';
  close: () => Promise<void>;
}

async function openPostgres(url: string): Promise<Handle> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const client = postgres(url, { max: 10, onnotice: () => {} });
  const db = drizzle(client, { schema, casing: 'snake_case' }) as unknown as Database;
  return { db, driver: 'postgres', close: () => client.end() };
}

/** Opens (creating if needed) the embedded database and brings it to the latest migration. */
export async function openPglite(dataDir?: string): Promise<Handle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  if (dataDir) mkdirSync(path.resolve(dataDir), { recursive: true });
  const client = dataDir ? new PGlite(path.resolve(dataDir)) : new PGlite();
  const db = drizzle(client, { schema, casing: 'snake_case' });
  await migrate(db, { migrationsFolder });
  return { db: db as unknown as Database, driver: 'pglite', close: () => client.close() };
}

// One database per process, kept on globalThis so dev hot reloads and separately bundled
// entry points (instrumentation, route handlers) share it.
const globalForDb = globalThis as unknown as { adhereDb?: Promise<Handle> };

function open(): Promise<Handle> {
  const { DATABASE_URL, PGLITE_DIR } = env();
  return DATABASE_URL ? openPostgres(DATABASE_URL) : openPglite(PGLITE_DIR);
}

export async function getDatabase(): Promise<Handle> {
  globalForDb.adhereDb ??= open().catch((error: unknown) => {
    globalForDb.adhereDb = undefined;
    throw error;
  });
  return globalForDb.adhereDb;
}

export async function getDb(): Promise<Database> {
  return (await getDatabase()).db;
}

/** For tests and scripts that bring their own database. */
export function installDatabase(handle: Handle): void {
  globalForDb.adhereDb = Promise.resolve(handle);
}

export async function closeDatabase(): Promise<void> {
  const handle = await globalForDb.adhereDb;
  globalForDb.adhereDb = undefined;
  await handle?.close();
}

export { openPostgres };
export type { Handle as DatabaseHandle };
