import { count } from 'drizzle-orm';
import { clinicToday } from '@/lib/clinic-today';
import { env, type Env } from '@/lib/env';
import { getDatabase } from './client';
import { startMailWorker } from './mail-worker';
import { users } from './schema';
import { formatDemoLogins, seedAll, seedLibrary } from './seed';

export const FIRST_ADMIN_HINT =
  'No accounts yet. Stop the server and create the first admin with ' +
  '`npm run admin:create -- --email you@your-clinic.org --name "Your Name"`.';

/**
 * The configuration, or the end of this process: Next.js logs an error thrown by the start-up
 * hook and serves anyway, so a production server without NEXTAUTH_URL or NEXTAUTH_SECRET would
 * otherwise come up and fail on every request. The message names the variable; no stack trace.
 */
function configurationOrExit(): Env {
  try {
    return env();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    console.error('Adhere did not start.');
    process.exit(1);
  }
}

/**
 * Runs once as the server starts. Reading the configuration first makes a production start with
 * a missing or unsafe NEXTAUTH_URL / NEXTAUTH_SECRET stop here, naming the variable.
 *
 * With DATABASE_URL the database is the operator's: it is migrated by `npm run db:migrate` and
 * never seeded here. Without it, the embedded database migrates itself on open and gets the
 * shipped exercise library; only outside production does an empty one get the demo clinic —
 * a clinic's production server never creates accounts whose password is in the README.
 */
export async function prepareDatabaseAtStart(): Promise<void> {
  const config = configurationOrExit();
  if (config.DATABASE_URL) {
    console.log('Adhere: using PostgreSQL from DATABASE_URL.');
  } else {
    const started = Date.now();
    const { db } = await getDatabase();
    await seedLibrary(db);
    const [row] = await db.select({ n: count() }).from(users);
    const empty = (row?.n ?? 0) === 0;
    const production = config.NODE_ENV === 'production';
    if (empty && !production) {
      console.log(`Adhere: new embedded database in ${config.PGLITE_DIR}; adding demo data…`);
      await seedAll(db, { today: clinicToday() });
    }
    console.log(
      `Adhere: embedded database ready in ${Date.now() - started} ms (${config.PGLITE_DIR}).`,
    );
    if (!production) console.log(formatDemoLogins());
    else if (empty) console.log(`Adhere: ${FIRST_ADMIN_HINT}`);
  }
  if (startMailWorker()) console.log('Adhere: e-mail outbox worker started (SMTP_URL).');
}
