/** HTTP helpers for the cluster harness: cookie jars, sign-in and sign-out, timed day logs. */

export class Jar {
  private readonly cookies = new Map<string, string>();

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  absorb(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (!value || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  hasSession(): boolean {
    return [...this.cookies.keys()].some((name) => name.endsWith('next-auth.session-token'));
  }

  copy(): Jar {
    const jar = new Jar();
    for (const [name, value] of this.cookies) jar.cookies.set(name, value);
    return jar;
  }
}

/** A request that gives up after `ms`: nothing in this harness may wait without a bound. */
export async function timedFetch(
  url: string,
  init: RequestInit & { timeoutMs?: number } = {},
): Promise<{ response: Response | null; body: string; ms: number; error?: string }> {
  const started = performance.now();
  try {
    const response = await fetch(url, {
      redirect: 'manual',
      ...init,
      signal: AbortSignal.timeout(init.timeoutMs ?? 15_000),
    });
    const body = await response.text();
    return { response, body, ms: performance.now() - started };
  } catch (error) {
    return {
      response: null,
      body: '',
      ms: performance.now() - started,
      error: (error as Error).name === 'TimeoutError' ? 'timeout' : (error as Error).message,
    };
  }
}

/** The credentials sign-in as the login page does it; the error code next-auth answered, if any. */
export async function signIn(
  base: string,
  email: string,
  password: string,
  jar = new Jar(),
  headers: Record<string, string> = {},
): Promise<{ jar: Jar; error: string | null }> {
  const csrf = await fetch(`${base}/api/auth/csrf`, { headers: { cookie: jar.header() } });
  jar.absorb(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: jar.header(),
      ...headers,
    },
    body: new URLSearchParams({ csrfToken, email, password, json: 'true', callbackUrl: base }),
  });
  jar.absorb(response);
  let error: string | null = null;
  try {
    const { url } = (await response.json()) as { url?: string };
    error = url ? new URL(url, base).searchParams.get('error') : null;
  } catch {
    error = `HTTP ${response.status}`;
  }
  if (!error && !jar.hasSession()) error = `no session (HTTP ${response.status})`;
  return { jar, error };
}

export async function signOut(base: string, jar: Jar): Promise<number> {
  const csrf = await fetch(`${base}/api/auth/csrf`, { headers: { cookie: jar.header() } });
  jar.absorb(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${base}/api/auth/signout`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
    body: new URLSearchParams({ csrfToken, json: 'true', callbackUrl: base }),
  });
  jar.absorb(response);
  return response.status;
}

/** Whether `jar` opens `path` (200), rather than being sent to the sign-in page. */
export async function opens(base: string, path: string, jar: Jar): Promise<boolean> {
  const { response } = await timedFetch(`${base}${path}`, { headers: { cookie: jar.header() } });
  return response?.status === 200;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  ]!;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
