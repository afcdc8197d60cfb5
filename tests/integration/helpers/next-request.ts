import type { Database } from '@/db/client';
import type { Actor } from '@/db/queries/actor';
import { userSessions } from '@/db/schema';

/**
 * One simulated request for calling route handlers, server actions and pages directly: what the
 * mocked session cookie (app/(auth)/session-claims.ts) and `next/headers` answer. The session is real (a row in user_sessions, as
 * signing in makes), so the whole check against the database runs as in production.
 *
 * In the test file:
 *   vi.mock('@/app/(auth)/session-claims', async () => (await import('./helpers/next-request')).sessionClaimsModule);
 *   vi.mock('next/headers', async () => (await import('./helpers/next-request')).nextHeadersModule);
 *   vi.mock('next/cache', async () => (await import('./helpers/next-request')).nextCacheModule);
 */
const current: { claims: Record<string, unknown> | null; headers: Headers } = {
  claims: null,
  headers: new Headers(),
};

export const sessionClaimsModule = {
  readSessionClaims: async () => current.claims,
};
export const nextHeadersModule = {
  headers: async () => current.headers,
};
export const nextCacheModule = {
  revalidatePath: () => {},
};

/**
 * The next request comes from `address`, asks for `path` (as proxy.ts tells pages), and is signed
 * in as `actor` with a fresh session, or signed out when `actor` is null.
 */
export async function simulateRequest(
  db: Database,
  actor: Actor | null,
  { path = '/', address = '198.51.100.23' }: { path?: string; address?: string } = {},
): Promise<void> {
  current.headers = new Headers({
    'x-adhere-path': path,
    // The socket's peer as scripts/server.mjs passes it, and the same as a forwarded address for
    // code that still reads that.
    'x-adhere-peer-address': address,
    'x-forwarded-for': address,
  });
  if (!actor) {
    current.claims = null;
    return;
  }
  const [session] = await db
    .insert(userSessions)
    .values({ userId: actor.id })
    .returning({ id: userSessions.id });
  current.claims = { uid: actor.id, sid: session!.id, sv: 1, role: actor.role };
}

/** A form as a browser would post it to a server action. */
export function formData(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}
