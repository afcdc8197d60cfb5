import 'server-only';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { signInAttempts, userSessions, users, type Role } from '@/db/schema';
import { verifyAgainstNothing, verifyPassword } from '@/lib/passwords';
import { LAST_SEEN_REFRESH_SECONDS, isSessionExpired } from '@/lib/session-policy';
import { THROTTLE_WINDOW_MINUTES, signInDelayMs } from '@/lib/sign-in-throttle';
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

async function recentFailures(email: string, ip: string) {
  const db = await getDb();
  const since = sql`now() - make_interval(mins => ${THROTTLE_WINDOW_MINUTES})`;
  const [row] = await db
    .select({
      account: sql<number>`count(*) filter (where ${signInAttempts.email} = ${email})`.mapWith(
        Number,
      ),
      address: sql<number>`count(*) filter (where ${signInAttempts.ip} = ${ip})`.mapWith(Number),
    })
    .from(signInAttempts)
    .where(
      and(
        eq(signInAttempts.succeeded, false),
        gt(signInAttempts.attemptedAt, since),
        sql`(${signInAttempts.email} = ${email} or ${signInAttempts.ip} = ${ip})`,
      ),
    );
  return { account: row?.account ?? 0, address: row?.address ?? 0 };
}

/** How long the next sign-in for this email and address waits, from the failures on record. */
export async function signInDelay(input: { email: string; ip: string }): Promise<number> {
  return signInDelayMs(await recentFailures(normaliseEmail(input.email), input.ip));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Checks an email and password. Unknown email, wrong password and deactivated account all return
 * null after the same work, so neither the answer nor its timing tells them apart.
 */
export async function signInWithPassword(input: {
  email: string;
  password: string;
  ip: string;
}): Promise<SignedIn | null> {
  const email = normaliseEmail(input.email);
  const db = await getDb();

  const delay = await signInDelay({ email, ip: input.ip });
  if (delay > 0) await sleep(delay);

  const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  const passwordMatches = user?.passwordHash
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyAgainstNothing(input.password);

  if (!user || !passwordMatches || !user.active) {
    await db.transaction(async (tx) => {
      await tx.insert(signInAttempts).values({ email, ip: input.ip, succeeded: false });
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
    return null;
  }

  return db.transaction(async (tx) => {
    await tx.insert(signInAttempts).values({ email, ip: input.ip, succeeded: true });
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
      userId: user.id,
      role: user.role,
      sessionId: session.id,
      sessionVersion: user.sessionVersion,
    };
  });
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

