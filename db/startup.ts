import { count } from 'drizzle-orm';
import { clinicToday } from '@/lib/clinic-today';
import { env } from '@/lib/env';
import { getDatabase } from './client';
import { users } from './schema';
import { formatDemoLogins, seedAll } from './seed';

/**
 * With DATABASE_URL the database is the operator's: it is migrated by `npm run db:migrate` and
 * never seeded here. Without it, the embedded PGlite database is migrated on open and, when it
 * has no accounts yet, filled with the demo clinic.
 */
export async function prepareDatabaseAtStart(): Promise<void> {
  const config = env();
  if (config.DATABASE_URL) {
    console.log('Adhere: using PostgreSQL from DATABASE_URL.');
    return;
  }
  const started = Date.now();
  const { db } = await getDatabase();
  const [row] = await db.select({ n: count() }).from(users);
  if ((row?.n ?? 0) === 0) {
    console.log(`Adhere: new embedded database in ${config.PGLITE_DIR}; adding demo data…`);
    await seedAll(db, { today: clinicToday() });
  }
  console.log(
    `Adhere: embedded database ready in ${Date.now() - started} ms (${config.PGLITE_DIR}).`,
  );
  console.log(formatDemoLogins());
}
