import 'server-only';
import { desc, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { mailOutbox } from '@/db/schema';
import { EMAIL_TAKEN, emailInUse, insertStaffAccount, isUniqueViolation } from './accounts';
import { invalid, ok, type Outcome } from './actor';

/**
 * `npm run admin:create`: the first admin of a new clinic, or another one later. Whoever can run
 * it already holds the database's credentials, so there is no signed-in actor; the audit entry
 * has none and says it came from the command line. Works on a database that has only been
 * migrated. `mailId` is the queued invitation when e-mail is configured.
 */
export async function createAdminFromCommandLine(input: {
  email: string;
  name: string;
}): Promise<Outcome<{ userId: string; token: string; mailId: string | null }>> {
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      if (await emailInUse(tx, input.email)) return invalid(EMAIL_TAKEN, 'email');
      const { userId, token } = await insertStaffAccount(
        tx,
        { actorId: null, via: 'command_line' },
        { ...input, role: 'admin' },
      );
      const [mail] = await tx
        .select({ id: mailOutbox.id })
        .from(mailOutbox)
        .where(eq(mailOutbox.recipientId, userId))
        .orderBy(desc(mailOutbox.createdAt))
        .limit(1);
      return ok({ userId, token, mailId: mail?.id ?? null });
    });
  } catch (error) {
    // Someone created the same email at the same moment: the unique index decides.
    if (isUniqueViolation(error)) return invalid(EMAIL_TAKEN, 'email');
    throw error;
  }
}
