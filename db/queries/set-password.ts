import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { getDb, type Executor } from '@/db/client';
import { queueSetPasswordMail } from '@/db/outbox';
import { patientProfiles, setPasswordTokens, userSessions, users } from '@/db/schema';
import { hashPassword } from '@/lib/passwords';
import { notFound, ok, type Actor, type Outcome } from './actor';
import { recordAudit } from './audit';
import { visiblePatient } from './patient-access';

export const SET_PASSWORD_LINK_DAYS = 7;

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Creates a one-time set-password token for a user (the caller has checked the actor may) and
 * supersedes any earlier unused one. Only the hash is stored; the token is shown once, and, when
 * e-mail is configured, queued in the same transaction to be e-mailed to the account holder.
 * `createdBy` is null for an account made on the command line (`npm run admin:create`).
 */
export async function createSetPasswordToken(
  tx: Executor,
  input: { userId: string; createdBy: string | null },
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await tx
    .update(setPasswordTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(setPasswordTokens.userId, input.userId), isNull(setPasswordTokens.usedAt)));
  const [created] = await tx
    .insert(setPasswordTokens)
    .values({
      userId: input.userId,
      tokenHash: hashToken(token),
      expiresAt: sql`now() + make_interval(days => ${SET_PASSWORD_LINK_DAYS})`,
      createdBy: input.createdBy,
    })
    .returning({ id: setPasswordTokens.id });
  if (!created) throw new Error('set-password token was not created');
  await queueSetPasswordMail(tx, { userId: input.userId, tokenId: created.id, token });
  return token;
}

/**
 * A new set-password link for an account: admins for anyone, physios for their own patients.
 * Issuing a link does not end the account's sessions; setting the password does.
 */
export async function issueSetPasswordLink(
  actor: Actor,
  userId: string,
): Promise<Outcome<{ token: string; name: string; email: string }>> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const target =
      actor.role === 'admin'
        ? (
            await tx
              .select({ id: users.id, name: users.name, email: users.email })
              .from(users)
              .where(eq(users.id, userId))
          )[0]
        : actor.role === 'physio'
          ? (
              await tx
                .select({ id: users.id, name: users.name, email: users.email })
                .from(patientProfiles)
                .innerJoin(users, eq(users.id, patientProfiles.userId))
                .where(visiblePatient(actor, userId))
            )[0]
          : undefined;
    if (!target) return notFound;
    const token = await createSetPasswordToken(tx, { userId: target.id, createdBy: actor.id });
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'account.password_link_issued',
      targetType: 'user',
      targetId: target.id,
      ip: actor.ip,
    });
    return ok({ token, name: target.name, email: target.email });
  });
}

export type SetPasswordLinkState =
  | { status: 'valid'; name: string; email: string }
  | { status: 'expired' | 'used' | 'unknown'; askWho: string | null };

const physio = alias(users, 'physio');

/** What a set-password link is worth, without using it: for the page that shows the form. */
export async function inspectSetPasswordLink(token: string): Promise<SetPasswordLinkState> {
  const db = await getDb();
  const [row] = await db
    .select({
      name: users.name,
      email: users.email,
      active: users.active,
      usedAt: setPasswordTokens.usedAt,
      expired: sql<boolean>`${setPasswordTokens.expiresAt} <= now()`,
      physioName: physio.name,
    })
    .from(setPasswordTokens)
    .innerJoin(users, eq(users.id, setPasswordTokens.userId))
    .leftJoin(patientProfiles, eq(patientProfiles.userId, users.id))
    .leftJoin(physio, eq(physio.id, patientProfiles.physioId))
    .where(eq(setPasswordTokens.tokenHash, hashToken(token)));
  if (!row || !row.active) return { status: 'unknown', askWho: row?.physioName ?? null };
  if (row.usedAt) return { status: 'used', askWho: row.physioName };
  if (row.expired) return { status: 'expired', askWho: row.physioName };
  return { status: 'valid', name: row.name, email: row.email };
}

/**
 * Uses a set-password link: sets the password, marks the link used and ends every existing
 * session of the account. The token itself is the credential, so no actor is needed.
 */
export async function redeemSetPasswordLink(input: {
  token: string;
  password: string;
  ip: string;
}): Promise<Outcome<{ email: string }>> {
  const passwordHash = await hashPassword(input.password);
  const db = await getDb();
  return db.transaction(async (tx) => {
    // Marking the link used first, conditionally, makes two simultaneous submissions race safely.
    const [claimed] = await tx
      .update(setPasswordTokens)
      .set({ usedAt: new Date() })
      .where(
        and(
          eq(setPasswordTokens.tokenHash, hashToken(input.token)),
          isNull(setPasswordTokens.usedAt),
          gt(setPasswordTokens.expiresAt, sql`now()`),
          sql`exists (select 1 from ${users} where ${users.id} = ${setPasswordTokens.userId} and ${users.active})`,
        ),
      )
      .returning({ userId: setPasswordTokens.userId });
    if (!claimed) return notFound;
    const [user] = await tx
      .update(users)
      .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, claimed.userId))
      .returning({ id: users.id, email: users.email });
    if (!user) throw new Error('set-password token without its user');
    await tx
      .update(userSessions)
      .set({ endedAt: new Date() })
      .where(and(eq(userSessions.userId, user.id), isNull(userSessions.endedAt)));
    await recordAudit(tx, {
      actorId: user.id,
      action: 'account.password_set',
      targetType: 'user',
      targetId: user.id,
      ip: input.ip,
    });
    return ok({ email: user.email });
  });
}
