import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { log } from '@/lib/log.mjs';
import { getDb, migrationsFolder, type Database } from './client';
import { rowsOf } from './metrics';

export type NotReadyReason = 'database unreachable' | 'migrations pending';
export type Readiness = { ready: true } | { ready: false; reason: NotReadyReason };

/** A probe answers within this, whatever the database does. */
export const READINESS_TIMEOUT_MS = 2_000;

/** When the newest migration shipped in db/migrations was created (drizzle's folderMillis). */
function newestMigration(): number {
  return Math.max(0, ...readMigrationFiles({ migrationsFolder }).map((m) => m.folderMillis));
}

class ProbeTimeout extends Error {
  name = 'ProbeTimeout';
  message = `no answer within ${READINESS_TIMEOUT_MS} ms`;
}

function withinTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProbeTimeout()), READINESS_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The SQLSTATE of a failure, through drizzle's wrapper. */
function sqlState(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown } };
  const code = e.cause?.code ?? e.code;
  return typeof code === 'string' ? code : undefined;
}

/** undefined_table, invalid_schema_name: the database answers but was never migrated. */
const NEVER_MIGRATED = new Set(['42P01', '3F000']);

async function appliedMigration(database?: Database): Promise<number> {
  const db = database ?? (await getDb());
  try {
    const result = await db.execute(
      sql`select max(created_at)::text as "createdAt" from drizzle.__drizzle_migrations`,
    );
    return Number(rowsOf<{ createdAt: string | null }>(result)[0]?.createdAt ?? 0);
  } catch (error) {
    if (NEVER_MIGRATED.has(sqlState(error) ?? '')) return 0;
    throw error;
  }
}

// Logged when the answer changes, not on every probe of an outage.
let lastReason: NotReadyReason | null = null;

function report(readiness: Readiness, error?: unknown): Readiness {
  const reason = readiness.ready ? null : readiness.reason;
  if (reason !== lastReason) {
    if (reason) log.warn({ reason, ...(error ? { err: error } : {}) }, 'not ready');
    else log.info('ready');
    lastReason = reason;
  }
  return readiness;
}

/**
 * Ready means the database answers a query and has the newest migration in db/migrations applied
 * (drizzle's journal, `drizzle.__drizzle_migrations`), so a server never takes traffic against a
 * schema it does not know. No session and none of the app's tables: one small read, bounded by
 * READINESS_TIMEOUT_MS.
 */
export async function checkReadiness(database?: Database): Promise<Readiness> {
  let applied: number;
  try {
    applied = await withinTimeout(appliedMigration(database));
  } catch (error) {
    return report({ ready: false, reason: 'database unreachable' }, error);
  }
  if (applied < newestMigration()) return report({ ready: false, reason: 'migrations pending' });
  return report({ ready: true });
}
