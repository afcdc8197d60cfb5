import type { Role } from '@/db/schema';

/** The signed-in user on whose behalf a data-layer function runs. */
export interface Actor {
  id: string;
  role: Role;
  name: string;
  email: string;
  sessionId: string;
  ip?: string;
  /** Set when the request came with an API token instead of a session (db/queries/api-tokens.ts). */
  apiToken?: { id: string; name: string };
}

/**
 * Whom an audit entry names for this actor: their account; for an API token no account (a token
 * is not a person, and its creator did not make the request), with the token in the details.
 */
export function auditedActor(actor: Actor | null): {
  actorId: string | null;
  via: Record<string, string>;
} {
  if (actor?.apiToken) {
    return {
      actorId: null,
      via: { via: 'api_token', tokenId: actor.apiToken.id, tokenName: actor.apiToken.name },
    };
  }
  return { actorId: actor?.id ?? null, via: {} };
}

export { invalid, notFound, ok, type Outcome, type Refusal } from '@/lib/outcome';
