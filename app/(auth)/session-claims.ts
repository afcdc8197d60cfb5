import 'server-only';
import { hkdfSync } from 'node:crypto';
import { jwtDecrypt } from 'jose';
import { cookies } from 'next/headers';
import { env } from '@/lib/env';
import { servedOverHttps } from '@/lib/public-url';

/**
 * next-auth's session cookie, named as next-auth names it (`defaultCookies` in next-auth/core):
 * the `__Secure-` prefix when the site is served over https, as `useSecureCookies` in auth.ts.
 */
function sessionCookieName(): string {
  return `${servedOverHttps() ? '__Secure-' : ''}next-auth.session-token`;
}

/**
 * The session cookie's value. A token too large for one cookie is split by next-auth into
 * `<name>.0`, `<name>.1`, …, put back together in the order of their numbers (its SessionStore).
 */
function sessionToken(all: { name: string; value: string }[]): string | undefined {
  const name = sessionCookieName();
  const whole = all.find((cookie) => cookie.name === name);
  if (whole) return whole.value;
  const chunks = all
    .map((cookie) => ({ cookie, part: /^\.(\d+)$/.exec(cookie.name.slice(name.length)) }))
    .filter(({ cookie, part }) => cookie.name.startsWith(name) && part)
    .sort((a, b) => Number(a.part![1]) - Number(b.part![1]));
  return chunks.length ? chunks.map(({ cookie }) => cookie.value).join('') : undefined;
}

/**
 * The key next-auth v4 encrypts session tokens with (`getDerivedEncryptionKey` in next-auth/jwt:
 * HKDF-SHA256 of the secret, empty salt, this info, 32 bytes), derived once per secret. next-auth's
 * `decode` derives it again on every call, a few per cent of the server's CPU under saves; the
 * secret it comes from is kept beside it so that a changed secret is never read with a stale key.
 */
let derived: { secret: string; key: Uint8Array } | undefined;

export function sessionEncryptionKey(secret: string): Uint8Array {
  if (derived?.secret !== secret) {
    const key = hkdfSync('sha256', secret, '', 'NextAuth.js Generated Encryption Key', 32);
    derived = { secret, key: new Uint8Array(key) };
  }
  return derived.key;
}

/**
 * What the signed-in browser's session token says (its claims, still to be checked against
 * sessionClaimsSchema and the database), or null: none, unreadable, tampered with or expired.
 *
 * This is the decoding `getServerSession` does, without the rest of its work, which a request
 * here throws away: it runs next-auth's whole session endpoint (options, a CSRF token, the
 * callbacks) and then encrypts a renewed token for a cookie that a server component or route
 * handler cannot set. The token is decrypted as next-auth's `decode` does (jose's `jwtDecrypt`,
 * the same jose next-auth installs, 15 s of clock tolerance on its expiry), with the key cached.
 */
export async function readSessionClaims(): Promise<unknown> {
  const token = sessionToken((await cookies()).getAll());
  if (!token) return null;
  try {
    const key = sessionEncryptionKey(env().NEXTAUTH_SECRET);
    const { payload } = await jwtDecrypt(token, key, { clockTolerance: 15 });
    return payload;
  } catch {
    // As next-auth answers a token it cannot decrypt or that has expired: nobody signed in.
    return null;
  }
}
