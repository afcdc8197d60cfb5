import 'server-only';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { getDb } from '@/db/client';
import { apiTokens, users } from '@/db/schema';
import {
  API_TOKEN_FORMAT,
  API_TOKEN_PREFIX,
  API_TOKEN_SHOWN_CHARACTERS,
  apiTokenStatus,
  type ApiTokenScope,
  type ApiTokenStatus,
} from '@/lib/api-tokens';
import { hashSecretToken, newSecretToken } from '@/lib/secret-token';
import type { NewApiTokenInput } from '@/lib/validation/api-token';
import { PHYSIO_UNAVAILABLE, lockActivePhysio } from './accounts';
import { invalid, notFound, ok, type Actor, type Outcome } from './actor';
import { recordAudit } from './audit';

/*
 * Personal access tokens for the FHIR API (docs/fhir.md): an admin creates one for a system, sees
 * the secret once, and can revoke it; the API resolves a Bearer secret to a read-only actor.
 */

export interface ApiTokenRow {
  id: string;
  name: string;
  /** The secret's first characters, followed by "…" where it is shown. */
  secretStart: string;
  scope: ApiTokenScope;
  physioName: string | null;
  createdByName: string;
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  status: ApiTokenStatus;
}

/** Every token, newest first, for the admin's token page; null for anyone else. */
export async function listApiTokens(actor: Actor): Promise<ApiTokenRow[] | null> {
  if (actor.role !== 'admin') return null;
  const db = await getDb();
  const physio = alias(users, 'physio');
  const creator = alias(users, 'creator');
  const rows = await db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      secretStart: apiTokens.secretStart,
      scope: apiTokens.scope,
      physioName: physio.name,
      createdByName: creator.name,
      createdAt: apiTokens.createdAt,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
      now: sql<Date>`now()`.mapWith(apiTokens.createdAt),
    })
    .from(apiTokens)
    .innerJoin(creator, eq(creator.id, apiTokens.createdBy))
    .leftJoin(physio, eq(physio.id, apiTokens.physioId))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
  return rows.map(({ now, ...row }) => ({ ...row, status: apiTokenStatus(row, now) }));
}

/** Creates a token (admin only) and answers its secret, which is never shown again. */
export async function createApiToken(
  actor: Actor,
  input: NewApiTokenInput,
): Promise<Outcome<{ id: string; secret: string }>> {
  if (actor.role !== 'admin') return notFound;
  const secret = newSecretToken(API_TOKEN_PREFIX);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const physioId = input.scope === 'caseload' ? input.physioId : null;
    if (physioId && !(await lockActivePhysio(tx, physioId))) {
      return invalid(PHYSIO_UNAVAILABLE, 'physioId');
    }
    const [created] = await tx
      .insert(apiTokens)
      .values({
        name: input.name,
        secretHash: hashSecretToken(secret),
        secretStart: secret.slice(0, API_TOKEN_SHOWN_CHARACTERS),
        scope: input.scope,
        physioId,
        createdBy: actor.id,
        expiresAt: sql`now() + make_interval(days => ${input.lifetimeDays})`,
      })
      .returning({ id: apiTokens.id });
    if (!created) throw new Error('API token was not created');
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'api_token.created',
      targetType: 'api_token',
      targetId: created.id,
      ip: actor.ip,
      details: { scope: input.scope, physioId, lifetimeDays: input.lifetimeDays },
    });
    return ok({ id: created.id, secret });
  });
}

/**
 * Revokes a token at once (admin only). Revoking one already revoked changes nothing, so a repeated
 * click is harmless; an unknown id is "not found".
 */
export async function revokeApiToken(
  actor: Actor,
  tokenId: string,
): Promise<Outcome<{ name: string; changed: boolean }>> {
  if (actor.role !== 'admin') return notFound;
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [token] = await tx
      .select({ name: apiTokens.name, revokedAt: apiTokens.revokedAt })
      .from(apiTokens)
      .where(eq(apiTokens.id, tokenId))
      .for('update');
    if (!token) return notFound;
    if (token.revokedAt) return ok({ name: token.name, changed: false });
    await tx
      .update(apiTokens)
      .set({ revokedAt: sql`now()`, revokedBy: actor.id })
      .where(eq(apiTokens.id, tokenId));
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'api_token.revoked',
      targetType: 'api_token',
      targetId: tokenId,
      ip: actor.ip,
    });
    return ok({ name: token.name, changed: true });
  });
}

export type TokenRefusal = 'malformed' | 'unknown' | 'expired' | 'revoked' | 'account_inactive';

/**
 * The actor a Bearer secret stands for, or why it is refused. A `clinic` token reads as an admin,
 * a `caseload` token as its physiotherapist; both only while the admin who made the token (and the
 * physio) are active. Every use is audited as `api_token.used` and stamps `last_used_at`.
 */
export async function resolveApiToken(
  secret: string,
  request: { path: string; ip?: string },
): Promise<{ ok: true; actor: Actor } | { ok: false; refusal: TokenRefusal }> {
  if (!API_TOKEN_FORMAT.test(secret)) return { ok: false, refusal: 'malformed' };
  const db = await getDb();
  const creator = alias(users, 'creator');
  const physio = alias(users, 'physio');
  const [token] = await db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      scope: apiTokens.scope,
      createdBy: apiTokens.createdBy,
      physioId: apiTokens.physioId,
      physioEmail: physio.email,
      expired: sql<boolean>`${apiTokens.expiresAt} <= now()`,
      revoked: sql<boolean>`${apiTokens.revokedAt} is not null`,
      creatorActive: creator.active,
      creatorEmail: creator.email,
      physioActive: physio.active,
    })
    .from(apiTokens)
    .innerJoin(creator, eq(creator.id, apiTokens.createdBy))
    .leftJoin(physio, eq(physio.id, apiTokens.physioId))
    .where(eq(apiTokens.secretHash, hashSecretToken(secret)));
  if (!token) return { ok: false, refusal: 'unknown' };
  if (token.revoked) return { ok: false, refusal: 'revoked' };
  if (token.expired) return { ok: false, refusal: 'expired' };
  if (!token.creatorActive || (token.scope === 'caseload' && !token.physioActive)) {
    return { ok: false, refusal: 'account_inactive' };
  }
  await db.transaction(async (tx) => {
    await tx
      .update(apiTokens)
      .set({ lastUsedAt: sql`now()` })
      .where(and(eq(apiTokens.id, token.id), isNull(apiTokens.revokedAt)));
    await recordAudit(tx, {
      actorId: null,
      action: 'api_token.used',
      targetType: 'api_token',
      targetId: token.id,
      ip: request.ip,
      details: { via: 'api_token', tokenName: token.name, path: request.path.slice(0, 200) },
    });
  });
  const asPhysio = token.scope === 'caseload' && token.physioId !== null;
  return {
    ok: true,
    actor: {
      id: asPhysio ? token.physioId! : token.createdBy,
      role: asPhysio ? 'physio' : 'admin',
      name: `API token “${token.name}”`,
      email: (asPhysio ? token.physioEmail : token.creatorEmail) ?? '',
      sessionId: `api-token:${token.id}`,
      ip: request.ip,
      apiToken: { id: token.id, name: token.name },
    },
  };
}
