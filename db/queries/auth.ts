import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { LOCK_NAMESPACE, lockForTransaction } from '@/db/advisory-locks';
import { getDb, type Executor } from '@/db/client';
import { rowsOf } from '@/db/metrics';
import { signInAttempts, userSessions, users, type Role } from '@/db/schema';
import { verifyAgainstNothing, verifyPassword } from '@/lib/passwords';
import { LAST_SEEN_REFRESH_SECONDS, isSessionExpired } from '@/lib/session-policy';
import {
  SIGN_IN_RULES,
  THROTTLE_WINDOW_MINUTES,
  decideThrottle,
  type FailureTally,
} from '@/lib/sign-in-throttle';
import type { Actor } from './actor';
import { recordAudit } from './audit';

// These functions establish who the actor is, so they are the only ones that take no Actor.

export interface SignedIn {
  userId: string;
  role: Role;
  sessionId: string;
  sessionVersion: number;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Recent failures of this account and this address, counted by the database under the locks of
 * signInWithPassword. A pending attempt (password still being checked) counts as a failure. The
 * account's count starts again after its last successful sign-in; the address's does not, or an
 * attacker could reset it by signing in to an account of their own between guesses.
 */
async function signInTallies(
  tx: Executor,
  email: string,
  ip: string,
): Promise<Record<keyof typeof SIGN_IN_RULES, FailureTally>> {
  const since = sql`clock_timestamp() - make_interval(mins => ${THROTTLE_WINDOW_MINUTES})`;
  const [row] = rowsOf<{
    account_failures: number;
    account_since_ms: number | null;
    address_failures: number;
    address_since_ms: number | null;
  }>(
    await tx.execute(sql`
      with last_success as (
        select max(attempted_at) as at
        from sign_in_attempts
        where email = ${email} and succeeded and attempted_at > ${since}
      ),
      recent as (
        select a.email, a.ip, a.attempted_at,
               a.email = ${email} and a.attempted_at > coalesce(ls.at, '-infinity') as on_account
        from sign_in_attempts a cross join last_success ls
        where a.succeeded is not true
          and a.attempted_at > ${since}
          and (a.email = ${email} or a.ip = ${ip})
      )
      select
        (count(*) filter (where on_account))::int as account_failures,
        (extract(epoch from clock_timestamp() - max(attempted_at) filter (where on_account))
          * 1000)::float8 as account_since_ms,
        (count(*) filter (where ip = ${ip}))::int as address_failures,
        (extract(epoch from clock_timestamp() - max(attempted_at) filter (where ip = ${ip}))
          * 1000)::float8 as address_since_ms
      from recent
    `),
  );
  return {
    account: {
      failures: row?.account_failures ?? 0,
      sinceLastFailureMs: row?.account_since_ms ?? null,
    },
    address: {
      failures: row?.address_failures ?? 0,
      sinceLastFailureMs: row?.address_since_ms ?? null,
    },
  };
}

export type SignInResult =
  | { ok: true; value: SignedIn }
  | { ok: false; reason: 'refused' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/**
 * Claims the right to check one password: under advisory locks on the account and the address, it
 * counts their recent failures and either refuses at once or records a pending attempt, which the
 * next guess (on any app server) already counts. So parallel guesses queue for a moment here and
 * are counted one by one, instead of all reading the same count.
 */
async function claimSignInAttempt(
  email: string,
  ip: string,
): Promise<{ allowed: true; attemptId: number } | { allowed: false; retryAfterSeconds: number }> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    // Always account first, then address: two sign-ins can then never wait for each other's.
    await lockForTransaction(tx, LOCK_NAMESPACE.signInAccount, email);
    await lockForTransaction(tx, LOCK_NAMESPACE.signInAddress, ip);
    const decision = decideThrottle(await signInTallies(tx, email, ip), SIGN_IN_RULES);
    if (!decision.allowed) return decision;
    const [attempt] = await tx
      .insert(signInAttempts)
      .values({ email, ip, succeeded: null, attemptedAt: sql`clock_timestamp()` })
      .returning({ id: signInAttempts.id });
    if (!attempt) throw new Error('sign-in attempt was not recorded');
    return { allowed: true, attemptId: attempt.id };
  });
}

/**
 * Checks an email and password. Unknown email, wrong password and deactivated account all answer
 * `refused` after the same work, so neither the answer nor its timing tells them apart; a
 * throttled attempt is answered at once, before the email is even looked up, alike for all.
 */
export async function signInWithPassword(input: {
  email: string;
  password: string;
  ip: string;
}): Promise<SignInResult> {
  const email = normaliseEmail(input.email);
  const claim = await claimSignInAttempt(email, input.ip);
  if (!claim.allowed) {
    return { ok: false, reason: 'throttled', retryAfterSeconds: claim.retryAfterSeconds };
  }
  const attempt = eq(signInAttempts.id, claim.attemptId);
  const db = await getDb();
  try {
    const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
    const passwordMatches = user?.passwordHash
      ? await verifyPassword(user.passwordHash, input.password)
      : await verifyAgainstNothing(input.password);

    if (!user || !passwordMatches || !user.active) {
      await db.transaction(async (tx) => {
        await tx.update(signInAttempts).set({ succeeded: false }).where(attempt);
        await recordAudit(tx, {
          actorId: user?.id ?? null,
          action: 'auth.sign_in_failed',
          targetType: 'user',
          targetId: user?.id,
          ip: input.ip,
          details: {
            reason: !user ? 'unknown_email' : !user.active ? 'deactivated' : 'wrong_password',
          },
        });
      });
      return { ok: false, reason: 'refused' };
    }

    return await db.transaction(async (tx) => {
      await tx.update(signInAttempts).set({ succeeded: true }).where(attempt);
      const [session] = await tx
        .insert(userSessions)
        .values({ userId: user.id })
        .returning({ id: userSessions.id });
      if (!session) throw new Error('session row was not created');
      await recordAudit(tx, {
        actorId: user.id,
        action: 'auth.sign_in',
        targetType: 'user',
        targetId: user.id,
        ip: input.ip,
      });
      return {
        ok: true as const,
        value: {
          userId: user.id,
          role: user.role,
          sessionId: session.id,
          sessionVersion: user.sessionVersion,
        },
      };
    });
  } catch (error) {
    // A check that broke off still counts as a failure, never as a pending attempt forever.
    await db
      .update(signInAttempts)
      .set({ succeeded: false })
      .where(and(attempt, isNull(signInAttempts.succeeded)))
      .catch(() => undefined);
    throw error;
  }
}

/**
 * Turns a session token's claims into the current actor, or null when the account was deactivated,
 * its password was reset (version bumped), the session was signed out or has timed out.
 */
export async function resolveSession(claims: {
  userId: string;
  sessionId: string;
  sessionVersion: number;
}): Promise<Actor | null> {
  const db = await getDb();
  const [row] = await db
    .select({
      id: users.id,
      role: users.role,
      name: users.name,
      email: users.email,
      createdAt: userSessions.createdAt,
      lastSeenAt: userSessions.lastSeenAt,
    })
    .from(userSessions)
    .innerJoin(users, eq(users.id, userSessions.userId))
    .where(
      and(
        eq(userSessions.id, claims.sessionId),
        eq(userSessions.userId, claims.userId),
        isNull(userSessions.endedAt),
        eq(users.active, true),
        eq(users.sessionVersion, claims.sessionVersion),
      ),
    )
    .limit(1);
  if (!row) return null;

  const now = new Date();
  if (isSessionExpired(row, now)) {
    await db
      .update(userSessions)
      .set({ endedAt: now })
      .where(and(eq(userSessions.id, claims.sessionId), isNull(userSessions.endedAt)));
    return null;
  }
  if (now.getTime() - row.lastSeenAt.getTime() > LAST_SEEN_REFRESH_SECONDS * 1000) {
    await db
      .update(userSessions)
      .set({ lastSeenAt: now })
      .where(eq(userSessions.id, claims.sessionId));
  }
  return {
    id: row.id,
    role: row.role,
    name: row.name,
    email: row.email,
    sessionId: claims.sessionId,
  };
}

export async function endSession(claims: { userId: string; sessionId: string }): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const ended = await tx
      .update(userSessions)
      .set({ endedAt: new Date() })
      .where(
        and(
          eq(userSessions.id, claims.sessionId),
          eq(userSessions.userId, claims.userId),
          isNull(userSessions.endedAt),
        ),
      )
      .returning({ id: userSessions.id });
    if (ended.length > 0) {
      await recordAudit(tx, {
        actorId: claims.userId,
        action: 'auth.sign_out',
        targetType: 'user',
        targetId: claims.userId,
      });
    }
  });
}
