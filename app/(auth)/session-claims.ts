import 'server-only';
import { decode } from 'next-auth/jwt';
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
 * What the signed-in browser's session token says (its claims, still to be checked against
 * sessionClaimsSchema and the database), or null: none, unreadable, tampered with or expired.
 *
 * This is the decoding `getServerSession` does, without the rest of its work, which a request
 * here throws away: it runs next-auth's whole session endpoint (options, a CSRF token, the
 * callbacks) and then encrypts a renewed token for a cookie that a server component or route
 * handler cannot set. The token's expiry is checked the same way (jose, 15 s of clock tolerance).
 */
export async function readSessionClaims(): Promise<unknown> {
  const token = sessionToken((await cookies()).getAll());
  if (!token) return null;
  try {
    return await decode({ token, secret: env().NEXTAUTH_SECRET });
  } catch {
    // As next-auth answers a token it cannot decrypt or that has expired: nobody signed in.
    return null;
  }
}
