import 'server-only';
import type { Resource } from '@medplum/fhirtypes';
import { deniedResponse, getCurrentUser } from '@/app/(auth)/session';
import type { Actor } from '@/db/queries/actor';
import { operationOutcome, type IssueCode } from '@/lib/fhir/bundle';
import { FHIR_JSON } from '@/lib/fhir/codes';
import { publicUrl } from '@/lib/public-url';

/*
 * What every FHIR route handler shares (not a route itself): answers in application/fhir+json,
 * errors as OperationOutcome resources, the signed-in session as the caller.
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
 * Runs `answer` for the signed-in user; nobody signed in is a 401 OperationOutcome. A failure
 * that is not the request's fault (the database is down) is logged with its cause and answered
 * with a calm 500 OperationOutcome, never a stack trace.
 */
export async function asSignedInUser(
  request: Request,
  answer: (actor: Actor) => Promise<Response>,
): Promise<Response> {
  const actor = await getCurrentUser();
  if (!actor) {
    return deniedResponse(
      request,
      null,
      outcomeResponse(401, 'login', 'Sign in to Adhere to use its FHIR API.'),
    );
  }
  try {
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
