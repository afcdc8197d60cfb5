import './load-env';
import { closeDatabase, getDatabase, migrationsFolder } from '@/db/client';
import { seedLibrary } from '@/db/seed';
import { env } from '@/lib/env';

async function main() {
  const { DATABASE_URL, PGLITE_DIR } = env();
  const { db, driver } = await getDatabase();
  // The embedded database migrates itself on open; PostgreSQL is migrated here, explicitly.
  if (driver === 'postgres') {
    const { migrate } = await import('drizzle-orm/postgres-js/migrator');
    await migrate(db as Parameters<typeof migrate>[0], { migrationsFolder });
  }
  // The shipped exercise library is reference data every clinic needs; demo accounts are not
  // (they come only from `npm run db:seed`).
  const added = await seedLibrary(db);
  console.log(`Migrations applied to ${DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : PGLITE_DIR}.`);
  console.log(`Exercise library: ${added} shipped exercise${added === 1 ? '' : 's'} added.`);
  await closeDatabase();
}

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  await closeDatabase().catch(() => {});
  process.exit(1);
});
