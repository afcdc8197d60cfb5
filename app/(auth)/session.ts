import 'server-only';
import { getServerSession } from 'next-auth';
import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import type { Actor } from '@/db/queries/actor';
import { recordAccessDenied, resolveSession } from '@/db/queries/auth';
import type { Role } from '@/db/schema';
import { clientAddress } from '@/lib/client-address';
import { authOptions, sessionClaimsSchema } from './auth';

/** Header set by proxy.ts with the requested path, so a page can send a visitor back to it. */
export const REQUEST_PATH_HEADER = 'x-adhere-path';

/**
 * The signed-in user for this request, checked against the database (active, session version,
 * signed out, timed out), or null. Memoised per request.
 */
export const getCurrentUser = cache(async (): Promise<Actor | null> => {
  // Reading the request first marks the page dynamic before any configuration is read, so
  // `next build` never needs the runtime secrets.
  const requestHeaders = await headers();
  const session = await getServerSession(authOptions());
  const claims = sessionClaimsSchema.safeParse(session?.claims);
  if (!claims.success) return null;
  const actor = await resolveSession({
    userId: claims.data.uid,
    sessionId: claims.data.sid,
    sessionVersion: claims.data.sv,
  });
  if (!actor) return null;
  return { ...actor, ip: clientAddress((name) => requestHeaders.get(name)) };
});

async function requestedPath(): Promise<string> {
  return (await headers()).get(REQUEST_PATH_HEADER) ?? '/';
}

/**
 * For pages: a signed-out visitor goes to sign-in and comes back; a user of another role gets
 * "not found", as if the page did not exist (and the attempt is audited).
 */
export async function requireRole(role: Role): Promise<Actor> {
  const actor = await getCurrentUser();
  if (!actor) {
    redirect(`/login?callbackUrl=${encodeURIComponent(await requestedPath())}`);
  }
  if (actor.role !== role) {
    await recordAccessDenied(actor, await requestedPath());
    notFound();
  }
  return actor;
}
