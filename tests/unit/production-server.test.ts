import { describe, expect, it } from 'vitest';
import { UNMATCHED, routeNamer } from '@/scripts/server/route-names.mjs';
import { requestIdFor } from '@/scripts/server/request-id.mjs';

// The shape of Next.js's routes-manifest.json, with routes of this app.
const name = routeNamer({
  staticRoutes: [{ page: '/' }, { page: '/login' }, { page: '/patient' }, { page: '/api/ready' }],
  dynamicRoutes: [
    { page: '/set-password/[token]', regex: '^/set\\-password/([^/]+?)(?:/)?$' },
    { page: '/physio/patients/[id]', regex: '^/physio/patients/([^/]+?)(?:/)?$' },
    { page: '/api/auth/[...nextauth]', regex: '^/api/auth/(.+?)(?:/)?$' },
  ],
});

describe('route names in the request log', () => {
  it('are the route patterns, so a token or an id in the path is never written', () => {
    expect(name('/set-password/3q2-Xz_token-value')).toBe('/set-password/[token]');
    expect(name('/physio/patients/7f0c6b1e-3f43-4f6c-9d55-0a1b2c3d4e5f')).toBe(
      '/physio/patients/[id]',
    );
    expect(name('/api/auth/callback/credentials')).toBe('/api/auth/[...nextauth]');
    expect(name('/login')).toBe('/login');
    expect(name('/patient/')).toBe('/patient');
  });

  it('count a page’s server-components payload and segment prefetches as the page', () => {
    expect(name('/patient.rsc')).toBe('/patient');
    expect(name('/index.rsc')).toBe('/');
    expect(name('/physio/patients/abc.segments/_tree.segment.rsc')).toBe('/physio/patients/[id]');
  });

  it('collapse framework files and name everything else unmatched', () => {
    expect(name('/_next/static/chunks/app-123.js')).toBe('/_next/static/*');
    expect(name('/_next/image')).toBe('/_next/*');
    expect(name('/wp-login.php')).toBe(UNMATCHED);
    expect(name('/someone@example.org')).toBe(UNMATCHED);
  });
});

describe('request ids', () => {
  it('are generated per request, ignoring what a client sends', () => {
    const a = requestIdFor('client-chosen-id-123', {});
    const b = requestIdFor('client-chosen-id-123', {});
    expect(a).toMatch(/^[0-9a-f-]{36}$/);
    expect(a).not.toBe(b);
    expect(requestIdFor('client-chosen-id-123', { TRUSTED_PROXY_HOPS: '0' })).not.toBe(
      'client-chosen-id-123',
    );
  });

  it('come from a trusted proxy in front when TRUSTED_PROXY_HOPS says there is one', () => {
    expect(requestIdFor('nginx-5f2c9a1e77d0', { TRUSTED_PROXY_HOPS: '1' })).toBe(
      'nginx-5f2c9a1e77d0',
    );
    // …but only if it looks like an id; a bad variable counts as no proxy.
    expect(requestIdFor('a b\nc', { TRUSTED_PROXY_HOPS: '1' })).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFor('nginx-5f2c9a1e77d0', { TRUSTED_PROXY_HOPS: 'lots' })).not.toBe(
      'nginx-5f2c9a1e77d0',
    );
  });
});
