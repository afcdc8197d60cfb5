import 'server-only';
import type { Resource } from '@medplum/fhirtypes';
import { deniedResponse, getCurrentUser } from '@/app/(auth)/session';
import { recordDenied } from '@/db/queries/access-denied';
import type { Actor } from '@/db/queries/actor';
import { resolveApiToken, type TokenRefusal } from '@/db/queries/api-tokens';
import { clientAddress } from '@/lib/client-address';
import { operationOutcome, type IssueCode } from '@/lib/fhir/bundle';
import { FHIR_JSON } from '@/lib/fhir/codes';
import { publicUrl } from '@/lib/public-url';

/*
 * What every FHIR route handler shares (not a route itself): answers in application/fhir+json,
 * errors as OperationOutcome resources, an API token or the signed-in session as the caller.
 */

export function fhirJson(body: Resource, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': `${FHIR_JSON}; charset=utf-8`, 'cache-control': 'no-store' },
  });
}

export function outcomeResponse(status: number, code: IssueCode, diagnostics: string): Response {
  return fhirJson(operationOutcome(code, diagnostics), status);
}

/** The API's base URL, from NEXTAUTH_URL (never from a Host header a client chose). */
export const fhirBase = () => publicUrl('/fhir/R4');

/** A record the caller may not see, or that does not exist: 404, audited as a denial. */
export function notFoundResponse(
  request: Request,
  actor: Actor,
  ids: Record<string, unknown>,
): Promise<Response> {
  return deniedResponse(request, actor, outcomeResponse(404, 'not-found', 'Not found.'), { ids });
}

/**
 * The caller of a FHIR request: the API token in `Authorization: Bearer`, when the request has
 * that header (a refused token is a 401 and audited, never a fall-back to a session cookie), or
 * else the signed-in user's session.
 */
async function fhirCaller(request: Request): Promise<Actor | Response> {
  const authorization = request.headers.get('authorization');
  if (authorization === null) {
    const actor = await getCurrentUser();
    if (actor) return actor;
    return deniedResponse(
      request,
      null,
      outcomeResponse(
        401,
        'login',
        'Sign in to Adhere, or send an API token, to use its FHIR API.',
      ),
    );
  }
  const [scheme, secret, ...rest] = authorization.trim().split(/\s+/);
  const path = new URL(request.url).pathname;
  const ip = clientAddress((name) => request.headers.get(name));
  const resolved =
    scheme?.toLowerCase() === 'bearer' && secret && rest.length === 0
      ? await resolveApiToken(secret, { path, ip })
      : ({ ok: false, refusal: 'malformed' } as const);
  if (resolved.ok) return resolved.actor;
  await recordDenied(
    null,
    { kind: 'route', what: path, reason: 'token_refused', tokenRefusal: resolved.refusal },
    ip,
  );
  const response = outcomeResponse(401, 'login', TOKEN_REFUSED[resolved.refusal]);
  response.headers.set('www-authenticate', 'Bearer error="invalid_token"');
  return response;
}

const TOKEN_REFUSED: Record<TokenRefusal, string> = {
  malformed: 'Send the API token as "Authorization: Bearer <token>".',
  unknown: 'This API token is not known to Adhere. Check that it was copied whole.',
  expired: 'This API token has expired. Ask an Adhere admin for a new one.',
  revoked: 'This API token has been revoked. Ask an Adhere admin for a new one.',
  account_inactive:
    'The account this API token belongs to is deactivated. Ask an Adhere admin for a new token.',
};

/**
 * Runs `answer` for the caller (an API token or the signed-in user); nobody is a 401
 * OperationOutcome. A failure that is not the request's fault (the database is down) is logged
 * with its cause and answered with a calm 500 OperationOutcome, never a stack trace.
 */
export async function asFhirCaller(
  request: Request,
  answer: (actor: Actor) => Promise<Response>,
): Promise<Response> {
  try {
    const actor = await fhirCaller(request);
    if (actor instanceof Response) return actor;
    return await answer(actor);
  } catch (error) {
    console.error('FHIR request failed', error);
    return outcomeResponse(
      500,
      'exception',
      'The request could not be answered. Please try again.',
    );
  }
}
