/*
 * Signing out as next-auth/react's signOut does it — a CSRF token from next-auth, then a form POST
 * to its sign-out endpoint, then the page it answers with — without that library, which is about
 * 10 kB gz of every signed-in page's first-load JavaScript (issue 15). The endpoint is next-auth's
 * own, so the session ends (and its `signOut` event runs) exactly as before.
 */

/** next-auth's routes (app/api/auth/[...nextauth]): the path next-auth/react uses in the browser too. */
const AUTH_BASE = '/api/auth';

/** Ends the session and goes to `callbackUrl`; throws when next-auth could not be reached. */
export async function signOutTo(callbackUrl: string): Promise<void> {
  const csrf = await fetch(`${AUTH_BASE}/csrf`, { cache: 'no-store' });
  if (!csrf.ok) throw new Error(`csrf ${csrf.status}`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${AUTH_BASE}/signout`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrfToken, callbackUrl, json: 'true' }),
  });
  if (!response.ok) throw new Error(`signout ${response.status}`);
  const { url } = (await response.json()) as { url?: string };
  window.location.assign(url ?? callbackUrl);
}
