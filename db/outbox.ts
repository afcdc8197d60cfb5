import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import { env } from '@/lib/env';
import { outboxBinding, sealToken } from '@/lib/mail/sealed-token';
import { mailSettings } from '@/lib/mail/settings';
import type { Database, Executor } from './client';
import { LINK_PURPOSES } from '@/lib/mail/purposes';
import { mailOutbox, setPasswordTokens, users, type MailPurpose } from './schema';

// The e-mail outbox's statements. Messages are written by the data layer in the transaction of
// the change they announce; the worker (db/mail-worker.ts) claims, sends and settles them.

const PENDING = ['queued', 'sending', 'retrying'] as const;

/**
 * Queues the e-mail carrying a new set-password link, in the caller's transaction, when e-mail is
 * configured; returns whether it did. An account that never had a password gets an invitation,
 * one that has gets "a new link". Without SMTP nothing is stored: the link is handed over by hand.
 */
export async function queueSetPasswordMail(
  tx: Executor,
  input: { userId: string; tokenId: string; token: string },
): Promise<boolean> {
  if (!mailSettings()) return false;
  const [user] = await tx
    .select({ email: users.email, hasPassword: sql<boolean>`${users.passwordHash} is not null` })
    .from(users)
    .where(eq(users.id, input.userId));
  if (!user) throw new Error('set-password link for a missing account');
  const id = randomUUID();
  await tx.insert(mailOutbox).values({
    id,
    purpose: user.hasPassword ? 'password_link' : 'invitation',
    recipientId: input.userId,
    setPasswordTokenId: input.tokenId,
    toAddress: user.email,
    sealedToken: sealToken(input.token, env().NEXTAUTH_SECRET, outboxBinding(id, user.email)),
  });
  return true;
}

/**
 * Queues a reminder e-mail to a patient in the caller's transaction (db/reminder-scheduler.ts
 * writes it with the send it belongs to), when e-mail is configured; returns whether it did.
 * It carries no link of a credential's kind, only the address of Today.
 */
export async function queueReminderMail(
  tx: Executor,
  input: { patientId: string; evening: boolean },
): Promise<boolean> {
  if (!mailSettings()) return false;
  const [user] = await tx
    .select({ email: users.email })
    .from(users)
    .where(and(eq(users.id, input.patientId), eq(users.active, true)));
  if (!user) return false;
  await tx.insert(mailOutbox).values({
    purpose: input.evening ? 'evening_reminder' : 'reminder',
    recipientId: input.patientId,
    toAddress: user.email,
  });
  return true;
}

export const CANCELLED_TOO_LATE = 'Not sent: too late for a reminder.';
/** A reminder still not out after this long is not worth sending. */
export const REMINDER_MAIL_STALE_AFTER_MINUTES = 180;

export const CANCELLED_LINK_GONE = 'Not sent: the link no longer exists.';
export const CANCELLED_DEACTIVATED = 'Not sent: the account was deactivated first.';
export const CANCELLED_LINK_USED = 'Not sent: the link was used or replaced by a newer one first.';
export const CANCELLED_LINK_EXPIRED = 'Not sent: the link expired first.';

/** A pending message whose link could still be used by its recipient. */
const linkStillOpen = sql`exists (
  select 1 from ${setPasswordTokens}
  join ${users} on ${users.id} = ${setPasswordTokens.userId}
  where ${setPasswordTokens.id} = ${mailOutbox.setPasswordTokenId}
    and ${setPasswordTokens.usedAt} is null
    and ${setPasswordTokens.expiresAt} > now()
    and ${users.active}
)`;

/** Pending and not held by a live lease (a lapsed lease means its sender stopped). */
const pendingAndFree: SQL = or(
  inArray(mailOutbox.status, ['queued', 'retrying']),
  and(eq(mailOutbox.status, 'sending'), lte(mailOutbox.nextAttemptAt, sql`now()`)),
)!;

/**
 * Cancels pending messages that should no longer go out (a newer link replaced theirs, the link
 * was used or expired, the account was deactivated): an e-mail with a dead link only confuses.
 */
export async function cancelStaleMail(db: Database): Promise<number> {
  const cancelled = await db
    .update(mailOutbox)
    .set({
      status: 'cancelled',
      sealedToken: null,
      leaseId: null,
      updatedAt: new Date(),
      lastError: sql`case
        when not exists (select 1 from ${setPasswordTokens} where ${setPasswordTokens.id} = ${mailOutbox.setPasswordTokenId})
          then ${CANCELLED_LINK_GONE}
        when not (select ${users.active} from ${users} where ${users.id} = ${mailOutbox.recipientId})
          then ${CANCELLED_DEACTIVATED}
        when (select ${setPasswordTokens.usedAt} from ${setPasswordTokens} where ${setPasswordTokens.id} = ${mailOutbox.setPasswordTokenId}) is not null
          then ${CANCELLED_LINK_USED}
        else ${CANCELLED_LINK_EXPIRED}
      end`,
    })
    .where(
      and(
        pendingAndFree,
        inArray(mailOutbox.purpose, [...LINK_PURPOSES]),
        sql`not ${linkStillOpen}`,
      ),
    )
    .returning({ id: mailOutbox.id });
  const late = await db
    .update(mailOutbox)
    .set({
      status: 'cancelled',
      leaseId: null,
      updatedAt: new Date(),
      lastError: CANCELLED_TOO_LATE,
    })
    .where(
      and(
        pendingAndFree,
        inArray(mailOutbox.purpose, ['reminder', 'evening_reminder']),
        sql`${mailOutbox.createdAt} < now() - make_interval(mins => ${REMINDER_MAIL_STALE_AFTER_MINUTES})`,
      ),
    )
    .returning({ id: mailOutbox.id });
  return cancelled.length + late.length;
}

export interface ClaimedMail {
  id: string;
  purpose: MailPurpose;
  toAddress: string;
  recipientName: string;
  /** Null for a reminder, which carries no link. */
  sealedToken: string | null;
  linkExpiresAt: Date | null;
  /** Including this one. */
  attempts: number;
}

/**
 * Claims up to `limit` due messages for one worker. The due rows are locked with
 * `FOR UPDATE SKIP LOCKED`, so a second app server running the same statement passes over them
 * instead of waiting, and each is marked `sending` with the worker's lease id and a lease that
 * runs until `leaseSeconds` from now (in next_attempt_at): no other worker can claim it until
 * then, and only the lease holder's result is recorded.
 */
export async function claimDueMail(
  db: Database,
  options: { leaseId: string; leaseSeconds: number; limit: number; onlyId?: string },
): Promise<ClaimedMail[]> {
  const due = db
    .select({ id: mailOutbox.id })
    .from(mailOutbox)
    .where(
      and(
        inArray(mailOutbox.status, [...PENDING]),
        lte(mailOutbox.nextAttemptAt, sql`now()`),
        options.onlyId ? eq(mailOutbox.id, options.onlyId) : undefined,
      ),
    )
    .orderBy(asc(mailOutbox.nextAttemptAt))
    .limit(options.limit)
    .for('update', { skipLocked: true });
  const claimed = await db
    .update(mailOutbox)
    .set({
      status: 'sending',
      leaseId: options.leaseId,
      attempts: sql`${mailOutbox.attempts} + 1`,
      nextAttemptAt: sql`now() + make_interval(secs => ${options.leaseSeconds})`,
      updatedAt: new Date(),
    })
    .where(inArray(mailOutbox.id, due))
    .returning({ id: mailOutbox.id });
  if (claimed.length === 0) return [];
  const rows = await db
    .select({
      id: mailOutbox.id,
      purpose: mailOutbox.purpose,
      toAddress: mailOutbox.toAddress,
      recipientName: users.name,
      sealedToken: mailOutbox.sealedToken,
      linkExpiresAt: setPasswordTokens.expiresAt,
      attempts: mailOutbox.attempts,
    })
    .from(mailOutbox)
    .innerJoin(users, eq(users.id, mailOutbox.recipientId))
    .leftJoin(setPasswordTokens, eq(setPasswordTokens.id, mailOutbox.setPasswordTokenId))
    .where(
      and(
        inArray(
          mailOutbox.id,
          claimed.map((row) => row.id),
        ),
        eq(mailOutbox.leaseId, options.leaseId),
      ),
    )
    .orderBy(asc(mailOutbox.createdAt));
  // A link message whose link vanished since is left to lapse and be cancelled by cancelStaleMail.
  return rows.filter(
    (row) =>
      !(LINK_PURPOSES as readonly string[]).includes(row.purpose) ||
      (row.sealedToken !== null && row.linkExpiresAt !== null),
  );
}

/** Records a message as sent and forgets its link; false if the lease had passed to another worker. */
export async function recordMailSent(
  db: Database,
  input: { id: string; leaseId: string },
): Promise<boolean> {
  const rows = await db
    .update(mailOutbox)
    .set({
      status: 'sent',
      sentAt: sql`now()`,
      sealedToken: null,
      leaseId: null,
      lastError: null,
      updatedAt: new Date(),
    })
    .where(and(eq(mailOutbox.id, input.id), eq(mailOutbox.leaseId, input.leaseId)))
    .returning({ id: mailOutbox.id });
  return rows.length > 0;
}

/**
 * Records a failed attempt: `retryInSeconds` schedules the next one, null gives up (the link is
 * forgotten; the admin can issue a new one, which is e-mailed afresh).
 */
export async function recordMailFailure(
  db: Database,
  input: { id: string; leaseId: string; error: string; retryInSeconds: number | null },
): Promise<boolean> {
  const retry = input.retryInSeconds;
  const rows = await db
    .update(mailOutbox)
    .set(
      retry === null
        ? {
            status: 'failed',
            sealedToken: null,
            leaseId: null,
            lastError: input.error,
            updatedAt: new Date(),
          }
        : {
            status: 'retrying',
            leaseId: null,
            lastError: input.error,
            nextAttemptAt: sql`now() + make_interval(secs => ${retry})`,
            updatedAt: new Date(),
          },
    )
    .where(and(eq(mailOutbox.id, input.id), eq(mailOutbox.leaseId, input.leaseId)))
    .returning({ id: mailOutbox.id });
  return rows.length > 0;
}
