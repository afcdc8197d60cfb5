import 'server-only';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { LOCK_NAMESPACE, lockForTransaction } from '@/db/advisory-locks';
import { getDb, type Executor } from '@/db/client';
import { rowsOf } from '@/db/metrics';
import { queueSetPasswordMail } from '@/db/outbox';
import {
  patientProfiles,
  setPasswordAttempts,
  setPasswordTokens,
  userSessions,
  users,
} from '@/db/schema';
import { hashPassword } from '@/lib/passwords';
import {
  SET_PASSWORD_RULES,
  THROTTLE_WINDOW_MINUTES,
  decideThrottle,
  type FailureTally,
} from '@/lib/sign-in-throttle';
import { hashSecretToken, newSecretToken } from '@/lib/secret-token';
import { invalid, notFound, ok, type Actor, type Outcome } from './actor';
import { recordAudit } from './audit';
import { visiblePatient } from './patient-access';

export const SET_PASSWORD_LINK_DAYS = 7;

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
  const token = newSecretToken();
  await tx
    .update(setPasswordTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(setPasswordTokens.userId, input.userId), isNull(setPasswordTokens.usedAt)));
  const [created] = await tx
    .insert(setPasswordTokens)
    .values({
      userId: input.userId,
      tokenHash: hashSecretToken(token),
      expiresAt: sql`now() + make_interval(days => ${SET_PASSWORD_LINK_DAYS})`,
      createdBy: input.createdBy,
    })
    .returning({ id: setPasswordTokens.id });
  if (!created) throw new Error('set-password token was not created');
  await queueSetPasswordMail(tx, { userId: input.userId, tokenId: created.id, token });
  return token;
}

/** Why a physio may not issue a link; shown to them as it stands. */
export const ASK_ADMIN_FOR_LINK =
  "This patient has already set a password, so only the clinic's admin can issue a new set-password link. Ask your admin.";

/**
 * A new set-password link for an account: admins for anyone; physios for their own patients, and
 * only while the patient has never set a password (the first invitation, or a lost one). A link
 * for an account that has a password lets whoever holds it become that person, so re-issuing one
 * is an admin's decision. Issuing a link does not end the account's sessions; setting the
 * password does.
 */
export async function issueSetPasswordLink(
  actor: Actor,
  userId: string,
): Promise<Outcome<{ token: string; name: string; email: string }>> {
  if (actor.role !== 'admin' && actor.role !== 'physio') return notFound;
  const db = await getDb();
  return db.transaction(async (tx) => {
    const columns = {
      id: users.id,
      name: users.name,
      email: users.email,
      hasPassword: sql<boolean>`${users.passwordHash} is not null`,
    };
    // The account row stays locked until the link exists, so a password set meanwhile is seen
    // (redeeming locks the same row first, in the same order: account, then its links).
    const [target] =
      actor.role === 'admin'
        ? await tx.select(columns).from(users).where(eq(users.id, userId)).for('update')
        : await tx
            .select(columns)
            .from(patientProfiles)
            .innerJoin(users, eq(users.id, patientProfiles.userId))
            .where(visiblePatient(actor, userId))
            .for('update', { of: users });
    if (!target) return notFound;
    if (actor.role === 'physio' && target.hasPassword) return invalid(ASK_ADMIN_FOR_LINK);
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

export type LinkProblem = 'unknown' | 'used' | 'expired' | 'inactive';

/** A stored link and what is wrong with it (null: it can be used), read without using it. */
async function readLink(executor: Executor, tokenHash: string) {
  const [row] = await executor
    .select({
      userId: users.id,
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
    .where(eq(setPasswordTokens.tokenHash, tokenHash));
  if (!row) return { row: undefined, problem: 'unknown' as const };
  const problem: LinkProblem | null = !row.active
    ? 'inactive'
    : row.usedAt
      ? 'used'
      : row.expired
        ? 'expired'
        : null;
  return { row, problem };
}

export type SetPasswordLinkState =
  | { status: 'valid'; name: string; email: string }
  | { status: 'expired' | 'used' | 'unknown'; askWho: string | null };

const physio = alias(users, 'physio');

/** What a set-password link is worth, without using it: for the page that shows the form. */
export async function inspectSetPasswordLink(token: string): Promise<SetPasswordLinkState> {
  const { row, problem } = await readLink(await getDb(), hashSecretToken(token));
  // A deactivated account's link reads as unknown: the page says nothing about the account.
  if (!row || problem === 'inactive') return { status: 'unknown', askWho: row?.physioName ?? null };
  if (problem) return { status: problem, askWho: row.physioName };
  return { status: 'valid', name: row.name, email: row.email };
}

/** Recent failed redemptions of this link and from this address, under redeem's locks. */
async function redemptionTallies(
  tx: Executor,
  tokenHash: string,
  ip: string,
): Promise<Record<keyof typeof SET_PASSWORD_RULES, FailureTally>> {
  const [row] = rowsOf<{
    token_failures: number;
    token_since_ms: number | null;
    address_failures: number;
    address_since_ms: number | null;
  }>(
    await tx.execute(sql`
      with recent as (
        select token_hash, ip, attempted_at
        from set_password_attempts
        where outcome <> 'succeeded'
          and attempted_at > clock_timestamp() - make_interval(mins => ${THROTTLE_WINDOW_MINUTES})
          and (token_hash = ${tokenHash} or ip = ${ip})
      )
      select
        (count(*) filter (where token_hash = ${tokenHash}))::int as token_failures,
        (extract(epoch from clock_timestamp() - max(attempted_at)
          filter (where token_hash = ${tokenHash})) * 1000)::float8 as token_since_ms,
        (count(*) filter (where ip = ${ip}))::int as address_failures,
        (extract(epoch from clock_timestamp() - max(attempted_at) filter (where ip = ${ip}))
          * 1000)::float8 as address_since_ms
      from recent
    `),
  );
  return {
    token: { failures: row?.token_failures ?? 0, sinceLastFailureMs: row?.token_since_ms ?? null },
    address: {
      failures: row?.address_failures ?? 0,
      sinceLastFailureMs: row?.address_since_ms ?? null,
    },
  };
}

/** Records a link that could not be used, for throttling and in the audit log (never the token). */
async function recordFailedRedemption(
  tx: Executor,
  input: { tokenHash: string; ip: string; problem: LinkProblem; userId?: string },
): Promise<void> {
  await tx.insert(setPasswordAttempts).values({
    tokenHash: input.tokenHash,
    ip: input.ip,
    outcome: input.problem,
    attemptedAt: sql`clock_timestamp()`,
  });
  await recordAudit(tx, {
    actorId: null,
    action: 'account.password_link_failed',
    targetType: 'user',
    targetId: input.userId,
    ip: input.ip,
    details: { reason: input.problem },
  });
}

export type RedeemResult =
  | { ok: true; value: { email: string } }
  | { ok: false; reason: 'unusable'; problem: LinkProblem }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/**
 * Uses a set-password link: sets the password, marks the link used and ends every existing
 * session of the account. The token itself is the credential, so no actor is needed.
 *
 * The link is checked (and failures throttled per link and per address) before the new password
 * is hashed, so a made-up or spent link costs a lookup, not 19 MiB of argon2id.
 */
export async function redeemSetPasswordLink(input: {
  token: string;
  password: string;
  ip: string;
}): Promise<RedeemResult> {
  const tokenHash = hashSecretToken(input.token);
  const db = await getDb();
  const checked = await db.transaction(async (tx) => {
    // Always link first, then address, so two redemptions can never wait for each other's.
    await lockForTransaction(tx, LOCK_NAMESPACE.setPasswordToken, tokenHash);
    await lockForTransaction(tx, LOCK_NAMESPACE.setPasswordAddress, input.ip);
    const decision = decideThrottle(
      await redemptionTallies(tx, tokenHash, input.ip),
      SET_PASSWORD_RULES,
    );
    if (!decision.allowed) {
      return {
        ok: false,
        reason: 'throttled',
        retryAfterSeconds: decision.retryAfterSeconds,
      } as const;
    }
    const { row, problem } = await readLink(tx, tokenHash);
    if (problem) {
      await recordFailedRedemption(tx, { tokenHash, ip: input.ip, problem, userId: row?.userId });
      return { ok: false, reason: 'unusable', problem } as const;
    }
    return { ok: true, userId: row.userId } as const;
  });
  if (!checked.ok) return checked;

  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx): Promise<RedeemResult> => {
    // The account first, then its link: the order issueSetPasswordLink (and deactivation) use.
    await tx.select({ id: users.id }).from(users).where(eq(users.id, checked.userId)).for('update');
    // Claimed conditionally, so of two simultaneous submissions exactly one sets the password.
    const [claimed] = await tx
      .update(setPasswordTokens)
      .set({ usedAt: new Date() })
      .where(
        and(
          eq(setPasswordTokens.tokenHash, tokenHash),
          isNull(setPasswordTokens.usedAt),
          gt(setPasswordTokens.expiresAt, sql`now()`),
          sql`exists (select 1 from ${users} where ${users.id} = ${setPasswordTokens.userId} and ${users.active})`,
        ),
      )
      .returning({ userId: setPasswordTokens.userId });
    if (!claimed) {
      // Used, replaced or the account deactivated while the password was being hashed.
      const { row, problem } = await readLink(tx, tokenHash);
      const reason = problem ?? 'used';
      await recordFailedRedemption(tx, {
        tokenHash,
        ip: input.ip,
        problem: reason,
        userId: row?.userId,
      });
      return { ok: false, reason: 'unusable', problem: reason };
    }
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
    await tx.insert(setPasswordAttempts).values({
      tokenHash,
      ip: input.ip,
      outcome: 'succeeded',
      attemptedAt: sql`clock_timestamp()`,
    });
    await recordAudit(tx, {
      actorId: user.id,
      action: 'account.password_set',
      targetType: 'user',
      targetId: user.id,
      ip: input.ip,
    });
    return { ok: true, value: { email: user.email } };
  });
}
