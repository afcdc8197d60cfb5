import 'server-only';
import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { recordDenied, type DeniedRequest } from '@/db/queries/access-denied';
import type { Actor } from '@/db/queries/actor';
import { resolveSession } from '@/db/queries/auth';
import type { Role } from '@/db/schema';
import { clientAddress } from '@/lib/client-address';
import { sessionClaimsSchema } from './auth';
import { readSessionClaims } from './session-claims';

/** Header set by proxy.ts with the requested path, so a page can send a visitor back to it. */
export const REQUEST_PATH_HEADER = 'x-adhere-path';

/** The client's address for this request (see lib/client-address.ts for whom it believes). */
async function requestAddress(): Promise<string> {
  const requestHeaders = await headers();
  return clientAddress((name) => requestHeaders.get(name));
}

/**
 * The signed-in user for this request, checked against the database (active, session version,
 * signed out, timed out), or null. Memoised per request.
 */
export const getCurrentUser = cache(async (): Promise<Actor | null> => {
  // Reading the request first marks the page dynamic before any configuration is read, so
  // `next build` never needs the runtime secrets.
  const ip = await requestAddress();
  const claims = sessionClaimsSchema.safeParse(await readSessionClaims());
  if (!claims.success) return null;
  const actor = await resolveSession({
    userId: claims.data.uid,
    sessionId: claims.data.sid,
    sessionVersion: claims.data.sv,
  });
  if (!actor) return null;
  return { ...actor, ip };
});

async function requestedPath(): Promise<string> {
  return (await headers()).get(REQUEST_PATH_HEADER) ?? '/';
}

// A page's layout and the page itself render at the same time and both check the role, so the
// first refusal of a request is recorded and any other is the same denial seen twice.
const denialOfThisRequest = cache(() => ({ recorded: false }));

/**
 * Records a refused request in the audit log as `access.denied`, once per request: the actor (null
 * when nobody is signed in), what was asked, the ids of the records and the client's address.
 */
export async function recordDeniedRequest(
  actor: Actor | null,
  request: DeniedRequest,
): Promise<void> {
  const denial = denialOfThisRequest();
  if (denial.recorded) return;
  denial.recorded = true;
  await recordDenied(actor, request, actor?.ip ?? (await requestAddress()));
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
    await recordDeniedRequest(actor, { kind: 'page', what: await requestedPath(), reason: 'role' });
    notFound();
  }
  return actor;
}

/**
 * For pages: "not found" for a record the user may not see, or that does not exist, audited as
 * denied access with the record's id. Use it wherever a page would call `notFound()` for a
 * missing record: `if (!patient) return notFoundFor(actor, id);`
 */
export async function notFoundFor(actor: Actor, id?: string): Promise<never> {
  await recordDeniedRequest(actor, {
    kind: 'page',
    what: await requestedPath(),
    reason: 'not_found',
    ids: { id },
  });
  notFound();
}

/**
 * For route handlers: answers a refused request with `response` (401 for nobody signed in, 404
 * otherwise) after auditing it, with the ids of the records asked for.
 * `if (!actor) return deniedResponse(request, null, text('Sign in …', 401));`
 */
export async function deniedResponse(
  request: Request,
  actor: Actor | null,
  response: Response,
  asked: { reason?: 'role'; ids?: Record<string, unknown> } = {},
): Promise<Response> {
  await recordDeniedRequest(actor, {
    kind: 'route',
    what: new URL(request.url).pathname,
    reason: actor ? (asked.reason ?? 'not_found') : 'signed_out',
    ids: asked.ids,
  });
  return response;
}
