/*
 * Personal access tokens: how a system (an EHR, a research team's script) reads the FHIR API
 * without a person's session. Read-only, scoped, expiring, revocable, audited on every use.
 */

/** `clinic`: every patient, as an admin sees them; `caseload`: one physiotherapist's patients. */
export const API_TOKEN_SCOPES = ['clinic', 'caseload'] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

/** How long a new token lasts; there is no token without an end. */
export const API_TOKEN_LIFETIMES_DAYS = [30, 90, 365] as const;

/** Every token starts so, so that a leaked one is recognisable (e.g. by secret scanners). */
export const API_TOKEN_PREFIX = 'adhere_pat_';

/** What the list shows of a secret: enough to tell tokens apart, far too little to use one. */
export const API_TOKEN_SHOWN_CHARACTERS = API_TOKEN_PREFIX.length + 6;

/** A well-formed secret: the prefix and 43 base64url characters (32 bytes). */
export const API_TOKEN_FORMAT = /^adhere_pat_[A-Za-z0-9_-]{43}$/;

export type ApiTokenStatus = 'active' | 'expired' | 'revoked';

export function apiTokenStatus(
  token: { expiresAt: Date; revokedAt: Date | null },
  now: Date,
): ApiTokenStatus {
  if (token.revokedAt) return 'revoked';
  return token.expiresAt.getTime() <= now.getTime() ? 'expired' : 'active';
}
