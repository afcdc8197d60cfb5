import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { endSession, signInWithPassword } from '@/db/queries/auth';
import { roleEnum } from '@/db/schema';
import { clientAddress } from '@/lib/client-address';
import { env } from '@/lib/env';
import { servedOverHttps } from '@/lib/public-url';
import { hasNoControlCharacters } from '@/lib/validation/text';
import { SESSION_ABSOLUTE_SECONDS } from '@/lib/session-policy';
import { SIGN_IN_UNAVAILABLE_CODE, throttledErrorCode } from '@/lib/sign-in-throttle';

const credentialsSchema = z.object({
  email: z.string().trim().min(1).max(254).refine(hasNoControlCharacters),
  password: z.string().min(1).max(1024),
});

/** What the signed JWT carries; resolved against the database on every request. */
export const sessionClaimsSchema = z.object({
  uid: z.uuid(),
  sid: z.uuid(),
  sv: z.number().int().positive(),
  role: z.enum(roleEnum.enumValues),
});

function buildAuthOptions(): NextAuthOptions {
  return {
    secret: env().NEXTAUTH_SECRET,
    // Decided from NEXTAUTH_URL, not from the request, so a proxy that talks plain http to this
    // server cannot turn the session cookie into one a browser would send without TLS.
    useSecureCookies: servedOverHttps(),
    session: { strategy: 'jwt', maxAge: SESSION_ABSOLUTE_SECONDS },
    pages: { signIn: '/login', error: '/login' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: { email: { type: 'email' }, password: { type: 'password' } },
        async authorize(credentials, req) {
          const parsed = credentialsSchema.safeParse(credentials);
          if (!parsed.success) return null;
          const headers = req.headers ?? {};
          const ip = clientAddress((name) => {
            const value: unknown = headers[name];
            return typeof value === 'string' ? value : null;
          });
          let result: Awaited<ReturnType<typeof signInWithPassword>>;
          try {
            result = await signInWithPassword({ ...parsed.data, ip });
          } catch (error) {
            // next-auth would put this error's own message into the redirect URL.
            console.error('sign-in failed', error);
            throw new Error(SIGN_IN_UNAVAILABLE_CODE);
          }
          // next-auth hands a thrown error's message to the sign-in form as `error`; null gives
          // its generic CredentialsSignin, the one answer for every wrong email or password.
          if (!result.ok && result.reason === 'throttled') {
            throw new Error(throttledErrorCode(result.retryAfterSeconds));
          }
          if (!result.ok) return null;
          const signedIn = result.value;
          return {
            id: signedIn.userId,
            role: signedIn.role,
            sid: signedIn.sessionId,
            sv: signedIn.sessionVersion,
          };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          // Only identifiers go into the token: name, email and anything clinical stay in the database.
          return { uid: user.id, sid: user.sid, sv: user.sv, role: user.role };
        }
        return token;
      },
      session({ session, token }) {
        const claims = sessionClaimsSchema.safeParse(token);
        return { expires: session.expires, ...(claims.success ? { claims: claims.data } : {}) };
      },
    },
    events: {
      async signOut({ token }) {
        const claims = sessionClaimsSchema.safeParse(token);
        if (claims.success)
          await endSession({ userId: claims.data.uid, sessionId: claims.data.sid });
      },
    },
  };
}

let options: NextAuthOptions | undefined;

/** Built on first use, so importing this module (e.g. during `next build`) reads no configuration. */
export function authOptions(): NextAuthOptions {
  options ??= buildAuthOptions();
  return options;
}
