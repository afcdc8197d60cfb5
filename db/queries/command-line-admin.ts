import 'server-only';
import { and, desc, eq } from 'drizzle-orm';
import { getDb, type Transaction } from '@/db/client';
import { mailOutbox, users } from '@/db/schema';
import { EMAIL_TAKEN, emailInUse, insertStaffAccount, isUniqueViolation } from './accounts';
import { invalid, ok, type Outcome } from './actor';
import { recordAudit } from './audit';
import { createSetPasswordToken } from './set-password';

/** The e-mail just queued for an account (in this transaction), when e-mail is configured. */
async function queuedMailId(tx: Transaction, userId: string): Promise<string | null> {
  const [mail] = await tx
    .select({ id: mailOutbox.id })
    .from(mailOutbox)
    .where(eq(mailOutbox.recipientId, userId))
    .orderBy(desc(mailOutbox.createdAt))
    .limit(1);
  return mail?.id ?? null;
}

/**
 * `npm run admin:create`: the first admin of a new clinic, or another one later. Whoever can run
 * it already holds the database's credentials, so there is no signed-in actor; the audit entry
 * has none and says it came from the command line. Works on a database that has only been
 * migrated. `mailId` is the queued invitation when e-mail is configured.
 */
export async function createAdminFromCommandLine(input: {
  email: string;
  name: string;
}): Promise<Outcome<{ userId: string; name: string; token: string; mailId: string | null }>> {
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      if (await emailInUse(tx, input.email)) return invalid(EMAIL_TAKEN, 'email');
      const { userId, token } = await insertStaffAccount(
        tx,
        { actorId: null, via: 'command_line' },
        { ...input, role: 'admin' },
      );
      return ok({ userId, name: input.name, token, mailId: await queuedMailId(tx, userId) });
    });
  } catch (error) {
    // Someone created the same email at the same moment: the unique index decides.
    if (isUniqueViolation(error)) return invalid(EMAIL_TAKEN, 'email');
    throw error;
  }
}

export const NO_SUCH_ADMIN = 'No active admin account has this email address.';

/**
 * `npm run admin:create -- --email E --new-link`: a new set-password link for an existing admin,
 * for a clinic whose only admin lost their password or let the first link expire (no other admin
 * could issue one). Only admin accounts: everyone else gets theirs from an admin in the app.
 */
export async function issueAdminLinkFromCommandLine(
  email: string,
): Promise<Outcome<{ userId: string; name: string; token: string; mailId: string | null }>> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [admin] = await tx
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(and(eq(users.email, email), eq(users.role, 'admin'), eq(users.active, true)));
    if (!admin) return invalid(NO_SUCH_ADMIN, 'email');
    const token = await createSetPasswordToken(tx, { userId: admin.id, createdBy: null });
    await recordAudit(tx, {
      actorId: null,
      action: 'account.password_link_issued',
      targetType: 'user',
      targetId: admin.id,
      details: { via: 'command_line' },
    });
    return ok({
      userId: admin.id,
      name: admin.name,
      token,
      mailId: await queuedMailId(tx, admin.id),
    });
  });
}
