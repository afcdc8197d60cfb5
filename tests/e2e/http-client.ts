// A client of the production server without a browser: signing in through next-auth's own
// endpoints, requesting pages and route handlers without following redirects, and posting server
// actions the way React's client does, so an answer can be classified as the matrix describes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  expect,
  type APIRequestContext,
  type APIResponse,
  type PlaywrightWorkerArgs,
} from '@playwright/test';
import { routeOf } from '../support/app-surface';
import { DEMO_PASSWORD } from './fixtures';

export interface HttpIdentity {
  label: string;
  request: APIRequestContext;
  /** The account's id, from its session; null when signed out. */
  userId: string | null;
}

export type HttpOutcome =
  'allow' | 'home' | 'signIn' | 'notFound' | 'refuse' | 'crash' | `other: ${string}`;

export interface HttpAnswer {
  outcome: HttpOutcome;
  status: number;
  body: string;
}

const HOMES = ['/patient', '/physio', '/admin'];

export async function newClient(
  playwright: PlaywrightWorkerArgs['playwright'],
  baseURL: string,
): Promise<APIRequestContext> {
  return playwright.request.newContext({ baseURL, maxRedirects: 0 });
}

async function csrfToken(request: APIRequestContext): Promise<string> {
  const response = await request.get('/api/auth/csrf');
  return ((await response.json()) as { csrfToken: string }).csrfToken;
}

/** Signs in through the credentials endpoint, as the sign-in form does. */
export async function signInOverHttp(
  playwright: PlaywrightWorkerArgs['playwright'],
  baseURL: string,
  label: string,
  email: string,
): Promise<HttpIdentity> {
  const request = await newClient(playwright, baseURL);
  const response = await request.post('/api/auth/callback/credentials', {
    form: { csrfToken: await csrfToken(request), email, password: DEMO_PASSWORD, json: 'true' },
  });
  expect(response.status(), `${label} signs in`).toBe(200);
  const session = (await (await request.get('/api/auth/session')).json()) as {
    claims?: { uid: string };
  };
  expect(session.claims?.uid, `${label} has a session`).toBeTruthy();
  return { label, request, userId: session.claims!.uid };
}

export async function postCredentials(
  identity: HttpIdentity,
  email: string,
  password: string,
): Promise<APIResponse> {
  return identity.request.post('/api/auth/callback/credentials', {
    form: { csrfToken: await csrfToken(identity.request), email, password, json: 'true' },
  });
}

function locationPath(response: APIResponse): string {
  const location = response.headers()['location'] ?? '';
  return location ? new URL(location, 'http://adhere.invalid').pathname : '';
}

/** A page or route handler's answer in the matrix's words. */
export async function classify(response: APIResponse): Promise<HttpAnswer> {
  const status = response.status();
  const body = (await response.body()).toString('utf8');
  const answer = (outcome: HttpOutcome): HttpAnswer => ({ outcome, status, body });
  if (status >= 500) return answer('crash');
  if (status >= 300 && status < 400) {
    const to = locationPath(response);
    if (to === '/login') return answer('signIn');
    if (HOMES.includes(to)) return answer('home');
    return answer(`other: redirect to ${to}`);
  }
  if (status === 401) return answer('signIn');
  if (status === 404) return answer('notFound');
  if (status >= 400) return answer('refuse');
  return answer('allow');
}

/** The build's table of server actions: id → the module and export it runs, and its pages. */
export interface BuiltAction {
  id: string;
  key: string;
  /** The URL patterns of the pages whose forms post it. */
  pages: string[];
}

export function builtServerActions(): BuiltAction[] {
  const dist = process.env.NEXT_DIST_DIR ?? '.next';
  const manifest = JSON.parse(
    readFileSync(path.join(dist, 'server', 'server-reference-manifest.json'), 'utf8'),
  ) as {
    node: Record<
      string,
      { filename: string; exportedName: string; workers: Record<string, unknown> }
    >;
  };
  return Object.entries(manifest.node).map(([id, entry]) => ({
    id,
    key: `${entry.filename}#${entry.exportedName}`,
    pages: Object.keys(entry.workers)
      .filter((worker) => worker.endsWith('/page'))
      .map((worker) => routeOf(`${worker}.tsx`)!),
  }));
}

export interface ActionAnswer extends HttpAnswer {
  /** The action's result, when it returned one. */
  state?: { status?: string; message?: string; data?: Record<string, string> };
  redirect?: string;
}

/**
 * Posts a server action as React's client encodes it: the form's entries under `_1_`, then the
 * arguments under `0` (a `useActionState` action takes the previous state and the form).
 */
export async function postAction(
  identity: HttpIdentity,
  pagePath: string,
  actionId: string,
  args: { form: Record<string, string> } | { input: Record<string, unknown> },
): Promise<ActionAnswer> {
  // A FormData keeps this order (an object would put the integer-like key `0` first), and the
  // server reads the arguments' row only after the rows it refers to.
  const multipart = new FormData();
  if ('form' in args) {
    for (const [key, value] of Object.entries(args.form)) multipart.append(`_1_${key}`, value);
    multipart.append('0', JSON.stringify([{ status: 'idle' }, '$K1']));
  } else {
    multipart.append('0', JSON.stringify([args.input]));
  }
  const response = await identity.request.post(pagePath, {
    headers: { 'Next-Action': actionId, Accept: 'text/x-component' },
    multipart,
  });
  const base = await classify(response);
  if (base.outcome !== 'allow') return base;
  const redirect = response.headers()['x-action-redirect']?.split(';')[0];
  if (redirect !== undefined) {
    return { ...base, redirect, outcome: redirect.startsWith('/login') ? 'signIn' : 'allow' };
  }
  // The flight payload's first row names the row holding the action's result: `0:{"a":"$@1",…}`.
  const rows = new Map(
    base.body.split('\n').flatMap((line) => {
      const match = /^([0-9a-f]+):(.*)$/.exec(line);
      return match ? [[match[1]!, match[2]!] as const] : [];
    }),
  );
  const resultRow = /"a":"\$@([0-9a-f]+)"/.exec(rows.get('0') ?? '')?.[1];
  const raw = resultRow ? rows.get(resultRow) : undefined;
  if (!raw) return { ...base, outcome: `other: no action result in ${base.body.slice(0, 80)}` };
  if (raw.startsWith('E')) return { ...base, outcome: 'crash' };
  const state = JSON.parse(raw) as NonNullable<ActionAnswer['state']>;
  const message = state.message ?? '';
  const outcome: HttpOutcome =
    state.status === 'success'
      ? 'allow'
      : /something went wrong/i.test(message)
        ? 'crash'
        : /sign in/i.test(message)
          ? 'signIn'
          : /not found|could not be found/i.test(message)
            ? 'notFound'
            : 'refuse';
  return { ...base, outcome, state };
}
