import 'server-only';
import { desc, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { mailOutbox, type MailPurpose, type MailStatus } from '@/db/schema';
import type { Actor } from './actor';

export interface MailDelivery {
  id: string;
  purpose: MailPurpose;
  status: MailStatus;
  toAddress: string;
  attempts: number;
  createdAt: Date;
  sentAt: Date | null;
  /** When a queued or retrying message is next tried. */
  nextAttemptAt: Date;
  lastError: string | null;
}

export const MAIL_DELIVERIES_SHOWN = 10;

/** The latest set-password e-mails to an account and what became of each (admins only). */
export async function listMailDeliveries(
  actor: Actor,
  userId: string,
): Promise<MailDelivery[] | null> {
  if (actor.role !== 'admin') return null;
  const db = await getDb();
  return db
    .select({
      id: mailOutbox.id,
      purpose: mailOutbox.purpose,
      status: mailOutbox.status,
      toAddress: mailOutbox.toAddress,
      attempts: mailOutbox.attempts,
      createdAt: mailOutbox.createdAt,
      sentAt: mailOutbox.sentAt,
      nextAttemptAt: mailOutbox.nextAttemptAt,
      lastError: mailOutbox.lastError,
    })
    .from(mailOutbox)
    .where(eq(mailOutbox.recipientId, userId))
    .orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id))
    .limit(MAIL_DELIVERIES_SHOWN);
}
