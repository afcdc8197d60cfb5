// The few pieces of Next.js's request runtime that server actions, route handlers and pages use,
// for calling them directly in a test as one identity at a time. Everything else is the app's own
// code: the session is resolved by app/(auth)/session.ts against the database, exactly as in a
// request, from the claims next-auth would have decoded from the session cookie.
//
// Each test file wires these in with vi.mock (hoisted, so it must be written in the file itself):
//
//   vi.mock('next/headers', async (original) => (await import('./helpers/next-runtime')).mockHeaders(await original()));
//   vi.mock('next/navigation', async (original) => (await import('./helpers/next-runtime')).mockNavigation(await original()));
//   vi.mock('next/cache', async (original) => (await import('./helpers/next-runtime')).mockCache(await original()));
//   vi.mock('@/app/(auth)/session-claims', async (original) => (await import('./helpers/next-runtime')).mockSessionClaims(await original()));

/** What one request carries: its headers and the session next-auth would decode from it. */
export interface RequestScope {
  headers: Headers;
  /** `getServerSession`'s answer: `{ expires, claims }` for a signed-in browser, or null. */
  session: unknown;
}

const SIGNED_OUT: RequestScope = { headers: new Headers(), session: null };
let current: RequestScope = SIGNED_OUT;

/** Runs one "request" as the given scope (tests run one call at a time, so a global is enough). */
export async function inRequest<T>(scope: RequestScope, run: () => Promise<T>): Promise<T> {
  current = scope;
  try {
    return await run();
  } finally {
    current = SIGNED_OUT;
  }
}

/** redirect() as Next.js does it: by throwing, so the caller stops there. */
export class RedirectSignal extends Error {
  constructor(readonly url: string) {
    super(`redirect to ${url}`);
  }
}

/** notFound(): the not-found page. */
export class NotFoundSignal extends Error {
  constructor() {
    super('not found');
  }
}

const emptyCookies = {
  get: () => undefined,
  getAll: () => [],
  has: () => false,
  set: () => undefined,
  delete: () => undefined,
  toString: () => '',
  size: 0,
};

export function mockHeaders<T extends object>(original: T) {
  return {
    ...original,
    headers: async () => current.headers,
    cookies: async () => emptyCookies,
  };
}

export function mockNavigation<T extends object>(original: T) {
  return {
    ...original,
    redirect: (url: string): never => {
      throw new RedirectSignal(url);
    },
    permanentRedirect: (url: string): never => {
      throw new RedirectSignal(url);
    },
    notFound: (): never => {
      throw new NotFoundSignal();
    },
  };
}

export function mockCache<T extends object>(original: T) {
  // Outside a request Next.js's revalidation throws; a test has no cache to revalidate.
  return {
    ...original,
    revalidatePath: () => undefined,
    revalidateTag: () => undefined,
    updateTag: () => undefined,
    refresh: () => undefined,
  };
}

/** The session cookie's claims, as app/(auth)/session-claims.ts would decode them. */
export function mockSessionClaims<T extends object>(original: T) {
  return {
    ...original,
    readSessionClaims: async () =>
      (current.session as { claims?: unknown } | null | undefined)?.claims ?? null,
  };
}
