import { createHash, randomBytes } from 'node:crypto';

/*
 * Secrets shown to a person once and stored only as a hash: set-password links and API tokens.
 * 32 random bytes are far beyond guessing, so a fast hash is enough (a slow password hash buys
 * nothing against a secret nobody chose) and lets the server find a token by its hash.
 */

/** A new secret: 32 random bytes, base64url, after `prefix` (which says what the secret is for). */
export function newSecretToken(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** SHA-256 of the secret, hex: what the database keeps. */
export function hashSecretToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
