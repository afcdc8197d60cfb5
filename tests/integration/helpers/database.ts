import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import {
  closeDatabase,
  migrationsFolder,
  postgresPoolOptions,
  openPglite,
  installDatabase,
  type Database,
  type DatabaseHandle,
} from '@/db/client';

/**
 * A fresh, fully migrated database for one test file: in-memory PGlite, or, in the
 * integration-postgres project, a database created on TEST_DATABASE_URL's server and dropped after.
 */
let currentUrl: string | undefined;

/** The app's pool options (db/client.ts), smaller: test files run side by side. */
const testPool = () => ({ ...postgresPoolOptions({ applicationName: 'adhere-test' }), max: 5 });

async function createTestDatabase(): Promise<DatabaseHandle> {
  if (process.env.ADHERE_TEST_DRIVER !== 'postgres') return openPglite();

  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is required for the PostgreSQL integration run');
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  const schema = await import('@/db/schema');

  const name = `adhere_test_${Date.now()}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  const testUrl = new URL(url);
  testUrl.pathname = `/${name}`;
  currentUrl = testUrl.toString();
  const client = postgres(currentUrl, testPool());
  const db = drizzle(client, { schema, casing: 'snake_case' });
  await migrate(db, { migrationsFolder });
  return {
    db: db as unknown as Database,
    driver: 'postgres',
    close: async () => {
      await client.end();
      await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** The test file's PostgreSQL database (for a thread or process of its own); null on PGlite. */
export const testDatabaseUrl = (): string | null => currentUrl ?? null;

/**
 * Another connection pool to the test file's database, as a second app server would have one
 * (PostgreSQL); the embedded database has a single connection, so there it is the same handle.
 */
export async function openAnotherConnection(current: Database): Promise<DatabaseHandle> {
  if (!currentUrl) return { db: current, driver: 'pglite', close: async () => {} };
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const schema = await import('@/db/schema');
  const client = postgres(currentUrl, testPool());
  return {
    db: drizzle(client, { schema, casing: 'snake_case' }) as unknown as Database,
    driver: 'postgres',
    close: () => client.end(),
  };
}

/** Registers hooks giving the test file its own database; returns a getter for it. */
export function setupTestDatabase(): () => Database {
  let handle: DatabaseHandle | undefined;
  beforeAll(async () => {
    handle = await createTestDatabase();
    installDatabase(handle);
  });
  afterAll(async () => {
    await closeDatabase();
  });
  return () => {
    if (!handle) throw new Error('the test database is not ready yet');
    return handle.db;
  };
}
