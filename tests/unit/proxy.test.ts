import {
  getRedirectUrl,
  unstable_doesMiddlewareMatch,
  unstable_getResponseFromNextConfig,
} from 'next/experimental/testing/server';
import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import nextConfig from '@/next.config';
import { config, proxy } from '@/proxy';

const ORIGIN = 'http://adhere.test';
const SESSION = { cookie: 'next-auth.session-token=signed-token' };

function request(path: string, headers: Record<string, string> = {}) {
  return new NextRequest(`${ORIGIN}${path}`, { headers });
}

const nonceOf = (policy: string | null) => /'nonce-([^']+)'/.exec(policy ?? '')?.[1];

describe('proxy.ts', () => {
  it('sends a visitor without a session from a role area to sign-in, and back afterwards', () => {
    for (const path of ['/physio', '/admin/audit?to=2026-11-30', '/patient/progress']) {
      const response = proxy(request(path));
      expect(response.status, path).toBe(307);
      const login = new URL(getRedirectUrl(response)!);
      expect(login.pathname).toBe('/login');
      expect(login.searchParams.get('callbackUrl')).toBe(path);
    }
  });

  it('lets a server action posted without a session through, to answer "sign in again" itself', () => {
    const action = new NextRequest(`${ORIGIN}/patient`, {
      method: 'POST',
      headers: { 'next-action': '7f00aa', 'content-type': 'text/plain;charset=UTF-8' },
      body: '[]',
    });
    expect(getRedirectUrl(proxy(action))).toBeNull();
    // A plain form POST to the same page is still sent to sign in.
    const post = new NextRequest(`${ORIGIN}/patient`, { method: 'POST', body: '' });
    expect(proxy(post).status).toBe(307);
  });

  it('lets every other page through without a session, each with a policy of its own', () => {
    for (const path of ['/login', '/set-password/abc', '/', '/physiotherapy', '/no-such-page']) {
      const response = proxy(request(path));
      expect(getRedirectUrl(response), path).toBeNull();
      expect(nonceOf(response.headers.get('content-security-policy')), path).toBeDefined();
    }
  });

  it('gives Next.js the same policy on the request, so it puts the nonce on its scripts', () => {
    const response = proxy(request('/physio/patients/1', SESSION));
    const sent = response.headers.get('content-security-policy');
    expect(nonceOf(sent)).toBeDefined();
    expect(response.headers.get('x-middleware-request-content-security-policy')).toBe(sent);
    expect(response.headers.get('x-middleware-request-x-adhere-path')).toBe('/physio/patients/1');
  });

  it('never reuses a nonce, and ignores a policy or path the client sent', () => {
    const forged = {
      ...SESSION,
      'content-security-policy': "script-src 'nonce-chosen-by-the-client'",
      'x-adhere-path': '/somewhere-else',
    };
    const first = proxy(request('/patient', forged));
    const second = proxy(request('/patient', forged));
    const nonce = nonceOf(first.headers.get('x-middleware-request-content-security-policy'));
    expect(nonce).not.toBe('chosen-by-the-client');
    expect(nonce).not.toBe(nonceOf(second.headers.get('content-security-policy')));
    expect(first.headers.get('x-middleware-request-x-adhere-path')).toBe('/patient');
  });
});

describe('which policy a response gets', () => {
  const proxyRuns = (url: string) => unstable_doesMiddlewareMatch({ config, url, nextConfig });
  const configPolicy = async (url: string) =>
    (await unstable_getResponseFromNextConfig({ url: `${ORIGIN}${url}`, nextConfig })).headers.get(
      'content-security-policy',
    );

  it('pages (the not-found page of any path included) get theirs from proxy.ts alone', async () => {
    for (const path of [
      '/',
      '/login',
      '/set-password/abc',
      '/admin',
      '/physio/patients/1',
      '/patient',
      '/favicon.ico',
      '/apiary',
      '/no-such-page',
    ]) {
      expect(proxyRuns(path), path).toBe(true);
      expect(await configPolicy(path), path).toBeNull();
    }
  });

  it('route handlers get the fixed policy from next.config.ts, and proxy.ts skips them', async () => {
    for (const path of ['/api', '/api/health', '/api/reports/weekly.csv', '/api/auth/session']) {
      expect(proxyRuns(path), path).toBe(false);
      expect(await configPolicy(path), path).toMatch(/^default-src 'none'/);
    }
  });

  it('the service worker gets its own policy and is never kept stale; proxy.ts skips it', async () => {
    expect(proxyRuns('/sw.js')).toBe(false);
    const response = await unstable_getResponseFromNextConfig({
      url: `${ORIGIN}/sw.js`,
      nextConfig,
    });
    expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    // Only the worker's own path: a page whose name starts alike is a page.
    expect(proxyRuns('/sw.jsx')).toBe(true);
    expect(proxyRuns('/patient/sw.js')).toBe(true);
  });

  it('the manifest and icons are reachable signed out, never sent to sign-in', () => {
    for (const path of ['/manifest.webmanifest', '/icons/icon-192.png', '/sw.js']) {
      expect(getRedirectUrl(proxy(request(path))), path).toBeNull();
    }
  });

  it('skips the build’s static files', () => {
    expect(proxyRuns('/_next/static/chunks/main.js')).toBe(false);
    expect(proxyRuns('/_next/image?url=%2Fa.png')).toBe(false);
  });
});
