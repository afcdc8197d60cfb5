/** Small HTTP helpers for the benchmark: sign-in through next-auth, closed- and open-loop load runs. */

export interface LoadResult {
  latencies: number[];
  errors: number;
  seconds: number;
  requests: number;
  /** What went wrong the first time, so a failing phase says why. */
  firstError?: string;
}

function cookieHeader(jar: Map<string, string>): string {
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}

function absorb(jar: Map<string, string>, response: Response) {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const at = pair!.indexOf('=');
    jar.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
  }
}

/** Signs in as a person would (CSRF token, then the credentials callback); returns the cookie. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const csrf = await fetch(`${base}/api/auth/csrf`);
  absorb(jar, csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(jar) },
    body: new URLSearchParams({ csrfToken, email, password, json: 'true', callbackUrl: base }),
  });
  absorb(jar, response);
  if (![...jar.keys()].some((name) => name.endsWith('next-auth.session-token'))) {
    throw new Error(`could not sign in as ${email} (HTTP ${response.status})`);
  }
  return cookieHeader(jar);
}

/**
 * Runs `concurrency` workers, each running one task after another until `seconds` have passed
 * (or `perWorker` tasks each), and records every latency. A task answers whether it succeeded.
 */
export async function closedLoop(options: {
  concurrency: number;
  seconds?: number;
  perWorker?: number;
  task: (worker: number, n: number) => Promise<boolean | string>;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + (options.seconds ?? Infinity) * 1000;
  await Promise.all(
    Array.from({ length: options.concurrency }, async (_, worker) => {
      for (let n = 0; n < (options.perWorker ?? Infinity) && performance.now() < deadline; n++) {
        const t = performance.now();
        try {
          const outcome = await options.task(worker, n);
          if (outcome !== true) {
            errors++;
            firstError ??= outcome === false ? 'failed' : outcome;
          }
        } catch (error) {
          errors++;
          firstError ??= String(error);
        }
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { latencies, errors, seconds, requests: latencies.length, firstError };
}

/** A closed loop of HTTP requests; a response that is not 2xx is an error. */
export function load(options: {
  concurrency: number;
  seconds?: number;
  perWorker?: number;
  request: (worker: number, n: number) => Promise<Response>;
}): Promise<LoadResult> {
  return closedLoop({
    ...options,
    task: async (worker, n) => {
      const response = await options.request(worker, n);
      const body = await response.text();
      return response.ok || `HTTP ${response.status}: ${body.slice(0, 200)}`;
    },
  });
}

/**
 * Sends request n at `schedule[n]` ms after the start, however many earlier ones are still
 * waiting (open loop); each latency counts from the scheduled time, so time spent queued in the
 * bench process itself is not hidden either.
 */
export async function openLoop(options: {
  schedule: readonly number[];
  request: (n: number) => Promise<Response>;
}): Promise<LoadResult & { lateMs: number }> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let lateMs = 0;
  const started = performance.now();
  await Promise.all(
    options.schedule.map(async (at, n) => {
      const wait = started + at - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const scheduled = started + at;
      lateMs = Math.max(lateMs, performance.now() - scheduled);
      try {
        const response = await options.request(n);
        const body = await response.text();
        if (!response.ok) {
          errors++;
          firstError ??= `HTTP ${response.status}: ${body.slice(0, 200)}`;
        }
      } catch (error) {
        errors++;
        firstError ??= String(error);
      }
      latencies.push(performance.now() - scheduled);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { latencies, errors, seconds, requests: latencies.length, lateMs, firstError };
}

export async function waitForServer(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the server did not answer ${url} within ${timeoutMs / 1000} s`);
}
