/**
 * What Adhere's service worker may touch. It is registered from the patient's pages only, with
 * a scope that covers those pages and nothing else, and it keeps only two kinds of answer: the
 * build's own static files (the same for everyone) and the patient's pages as last seen. Staff
 * pages, /api, /fhir, sign-in and every request but a GET pass it by untouched.
 */

/** The worker's script, served by app/sw.js/route.ts. */
export const SERVICE_WORKER_URL = '/sw.js';

/**
 * `/patient` and everything under it, `/patient` itself included: a scope of `/patient/` would
 * leave Today, the page a patient opens most, uncontrolled. No other route starts with it.
 */
export const SERVICE_WORKER_SCOPE = '/patient';

/** The caches the worker fills. Everything in PERSONAL_CACHES is the patient's and goes at sign-out. */
export const CACHE_NAMES = {
  patientPages: 'adhere-patient-pages',
  buildAssets: 'adhere-build-assets',
} as const;
export const PERSONAL_CACHES: readonly string[] = [CACHE_NAMES.patientPages];

/** A request as Serwist's router offers it to a route's matcher. */
export interface CacheCandidate {
  url: URL;
  request: Pick<Request, 'method' | 'headers'>;
  /** Whether the request is for the worker's own origin. */
  sameOrigin: boolean;
}

const isGet = ({ request, sameOrigin }: CacheCandidate) => sameOrigin && request.method === 'GET';

/**
 * A patient's page: the document, or the data Next.js fetches for it on a client navigation. Not
 * a prefetch: Next.js prefetches every link in view (each of the last days), which the patient
 * may never open.
 */
export function isPatientPage(candidate: CacheCandidate): boolean {
  const { pathname } = candidate.url;
  return (
    isGet(candidate) &&
    !candidate.request.headers.has('next-router-prefetch') &&
    (pathname === '/patient' || pathname.startsWith('/patient/'))
  );
}

/** The build's static files: named by their content, so a cached copy is never stale. */
export function isBuildAsset(candidate: CacheCandidate): boolean {
  return isGet(candidate) && candidate.url.pathname.startsWith('/_next/static/');
}

/**
 * Whether an answer may be kept for a patient's page: only a page the server actually rendered
 * for it. A redirect (to sign-in, when the session has ended) or an error is never kept, or the
 * phone would show it again offline in the page's place.
 */
export function isKeepableAnswer(response: Pick<Response, 'status' | 'type' | 'redirected'>) {
  return response.status === 200 && response.type === 'basic' && !response.redirected;
}

/** Forgets the patient's pages kept on this device (at sign-out). */
export async function forgetPersonalCaches(): Promise<void> {
  if (typeof caches === 'undefined') return;
  await Promise.all(PERSONAL_CACHES.map((name) => caches.delete(name)));
}
