import type { NextApiRequest, NextApiResponse } from 'next';
import NextAuth from 'next-auth';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setupTestDatabase } from './helpers/database';
import { createUser, PASSWORD } from './helpers/fixtures';

// Signs in through next-auth's own request handler with Adhere's options, and reads the
// Set-Cookie headers it answers with.

const getDb = setupTestDatabase();

afterEach(() => {
  vi.unstubAllEnvs();
});

/** Adhere's next-auth options as the server builds them under this NEXTAUTH_URL. */
async function authOptionsFor(publicUrl: string) {
  vi.resetModules();
  vi.stubEnv('NEXTAUTH_URL', publicUrl);
  vi.stubEnv('NEXTAUTH_SECRET', 'session-cookie-test-secret-0123456789abcdef');
  const { authOptions } = await import('@/app/(auth)/auth');
  return authOptions();
}

interface Answer {
  status: number;
  setCookies: string[];
  body: unknown;
}

/** One request to /api/auth/<action>/<provider>, as the pages-style handler receives it. */
async function request(
  options: Awaited<ReturnType<typeof authOptionsFor>>,
  input: { path: string[]; method: string; body?: Record<string, string>; cookies?: string[] },
): Promise<Answer> {
  const headers = new Map<string, unknown>();
  const answer: Answer = { status: 200, setCookies: [], body: undefined };
  const res = {
    status(code: number) {
      answer.status = code;
      return res;
    },
    getHeader: (name: string) => headers.get(name.toLowerCase()),
    setHeader(name: string, value: unknown) {
      headers.set(name.toLowerCase(), value);
      return res;
    },
    send(body: unknown) {
      answer.body = body;
    },
    json(body: unknown) {
      answer.body = body;
    },
    end() {},
  };
  const cookies = Object.fromEntries(
    (input.cookies ?? []).map((c) => {
      const [pair = ''] = c.split(';');
      const at = pair.indexOf('=');
      return [pair.slice(0, at), decodeURIComponent(pair.slice(at + 1))];
    }),
  );
  const req = {
    method: input.method,
    query: { nextauth: input.path },
    body: input.body ?? {},
    cookies,
    headers: { 'x-adhere-peer-address': '127.0.0.1' },
  };
  await NextAuth(req as unknown as NextApiRequest, res as unknown as NextApiResponse, options);
  const set = headers.get('set-cookie');
  answer.setCookies = Array.isArray(set) ? (set as string[]) : set ? [String(set)] : [];
  return answer;
}

async function signIn(publicUrl: string, email: string) {
  const options = await authOptionsFor(publicUrl);
  const csrf = await request(options, { path: ['csrf'], method: 'GET' });
  const { csrfToken } = csrf.body as { csrfToken: string };
  const signedIn = await request(options, {
    path: ['callback', 'credentials'],
    method: 'POST',
    body: { email, password: PASSWORD, csrfToken, json: 'true' },
    cookies: csrf.setCookies,
  });
  const session = signedIn.setCookies.find((c) => /next-auth\.session-token=/.test(c));
  if (!session) throw new Error(`not signed in: ${JSON.stringify(signedIn.body)}`);
  return { csrf: csrf.setCookies, session };
}

describe('session cookies', () => {
  it('are Secure (and __Secure- named) when Adhere is served over https', async () => {
    const physio = await createUser(getDb(), { role: 'physio' });
    const { csrf, session } = await signIn('https://adhere.riverside.example', physio.email);
    expect(session).toMatch(/^__Secure-next-auth\.session-token=/);
    expect(session).toMatch(/; Secure/);
    expect(session).toMatch(/; HttpOnly/);
    expect(csrf.find((c) => c.includes('csrf-token'))).toMatch(
      /^__Host-next-auth\.csrf-token=.*; Secure/,
    );
  });

  it('are plain on http://localhost, where a browser would not keep a Secure cookie', async () => {
    const physio = await createUser(getDb(), { role: 'physio' });
    const { session } = await signIn('http://localhost:3000', physio.email);
    expect(session).toMatch(/^next-auth\.session-token=/);
    expect(session).not.toMatch(/; Secure/);
    expect(session).toMatch(/; HttpOnly/);
  });
});
