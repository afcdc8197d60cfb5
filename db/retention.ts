import { lt, sql, type SQLWrapper } from 'drizzle-orm';
import { THROTTLE_WINDOW_MINUTES } from '@/lib/sign-in-throttle';
import { LOCK_NAMESPACE, tryLockForTransaction } from './advisory-locks';
import { getDb, type Executor } from './client';
import { rowsOf } from './metrics';
import {
  fhirExportJobs,
  idempotencyKeys,
  reminderSends,
  setPasswordAttempts,
  signInAttempts,
} from './schema';

/**
 * How long rows kept only for a purpose are kept. Sign-in and set-password attempts are read only
 * within the throttle window; a day's margin lets an operator look at last night's attempts (the
 * audit log keeps every failure for good). An idempotency key answers a retry of the same
 * submission; 30 days is far beyond any retry, including a phone's offline queue (a day log more
 * than 7 days old is refused anyway). A reminder's row stops a second send on its own day only;
 * a month of them lets an operator see what was sent when a patient asks.
 */
export const RETENTION = {
  attemptsMinutes: THROTTLE_WINDOW_MINUTES + 24 * 60,
  idempotencyKeysDays: 30,
  reminderSendsDays: 30,
  runEveryHours: 24,
} as const;

export interface PruneResult {
  /** False when another app server was pruning at that moment (it holds the lock). */
  ran: boolean;
  signInAttempts: number;
  setPasswordAttempts: number;
  idempotencyKeys: number;
  /** FHIR bulk exports past their expiry (their files go with them). */
  fhirExports: number;
  /** Reminders sent (or decided) more than a month ago. */
  reminderSends: number;
}

/** Runs a DELETE … RETURNING and counts the rows, the same way on postgres.js and PGlite. */
async function deleteCounting(tx: Executor, deletion: SQLWrapper): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await tx.execute(
      sql`with deleted as (${deletion.getSQL()}) select count(*)::int as n from deleted`,
    ),
  );
  return row?.n ?? 0;
}

/**
 * Deletes attempts and idempotency keys past their use, in one transaction under an advisory lock:
 * of several app servers starting together, one prunes and the others skip.
 */
export async function pruneExpiredRecords(): Promise<PruneResult> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    if (!(await tryLockForTransaction(tx, LOCK_NAMESPACE.retention, 'prune'))) {
      return {
        ran: false,
        signInAttempts: 0,
        setPasswordAttempts: 0,
        idempotencyKeys: 0,
        fhirExports: 0,
        reminderSends: 0,
      };
    }
    const attemptsBefore = sql`now() - make_interval(mins => ${RETENTION.attemptsMinutes})`;
    const keysBefore = sql`now() - make_interval(days => ${RETENTION.idempotencyKeysDays})`;
    return {
      ran: true,
      signInAttempts: await deleteCounting(
        tx,
        tx
          .delete(signInAttempts)
          .where(lt(signInAttempts.attemptedAt, attemptsBefore))
          .returning({ id: signInAttempts.id }),
      ),
      setPasswordAttempts: await deleteCounting(
        tx,
        tx
          .delete(setPasswordAttempts)
          .where(lt(setPasswordAttempts.attemptedAt, attemptsBefore))
          .returning({ id: setPasswordAttempts.id }),
      ),
      idempotencyKeys: await deleteCounting(
        tx,
        tx
          .delete(idempotencyKeys)
          .where(lt(idempotencyKeys.createdAt, keysBefore))
          .returning({ key: idempotencyKeys.key }),
      ),
      fhirExports: await deleteCounting(
        tx,
        tx
          .delete(fhirExportJobs)
          .where(lt(fhirExportJobs.expiresAt, sql`now()`))
          .returning({ id: fhirExportJobs.id }),
      ),
      reminderSends: await deleteCounting(
        tx,
        tx
          .delete(reminderSends)
          .where(lt(reminderSends.onDate, sql`current_date - ${RETENTION.reminderSendsDays}::int`))
          .returning({ id: reminderSends.id }),
      ),
    };
  });
}

const globalForRetention = globalThis as unknown as {
  adhereRetention?: ReturnType<typeof setInterval>;
};

async function pruneAndReport(): Promise<void> {
  try {
    const result = await pruneExpiredRecords();
    if (result.ran) {
      console.log(
        `Adhere: pruned ${result.signInAttempts} sign-in attempts, ${result.setPasswordAttempts} ` +
          `set-password attempts, ${result.idempotencyKeys} idempotency keys and ` +
          `${result.fhirExports} FHIR bulk exports and ${result.reminderSends} reminder records ` +
          `past their use.`,
      );
    }
  } catch (error) {
    // Pruning is housekeeping: a failure is logged and retried at the next run, never fatal.
    console.error('Adhere: pruning old records failed; it will be tried again.', error);
  }
}

/** Prunes now, then every day, for the life of the process (once per process). */
export function scheduleRetention(): void {
  if (globalForRetention.adhereRetention) return;
  void pruneAndReport();
  globalForRetention.adhereRetention = setInterval(
    () => void pruneAndReport(),
    RETENTION.runEveryHours * 60 * 60 * 1000,
  );
  // The timer alone never keeps the process alive, so shutting down is not held up by it.
  globalForRetention.adhereRetention.unref();
}
