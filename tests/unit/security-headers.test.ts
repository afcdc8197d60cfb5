import { describe, expect, it } from 'vitest';
import {
  createNonce,
  pageContentSecurityPolicy,
  ROUTE_HANDLER_CONTENT_SECURITY_POLICY,
  SERVICE_WORKER_CONTENT_SECURITY_POLICY,
  securityHeaders,
} from '@/lib/security-headers';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((directive) => {
      const [name, ...sources] = directive.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

describe('the page policy', () => {
  const production = directives(
    pageContentSecurityPolicy({ nonce: 'bm9uY2Utb2YtdGhpcy1yZXE=', development: false }),
  );

  it('runs only scripts with this response’s nonce, and what they load', () => {
    expect(production.get('script-src')).toEqual([
      "'self'",
      "'nonce-bm9uY2Utb2YtdGhpcy1yZXE='",
      "'strict-dynamic'",
    ]);
  });

  it('holds style elements to the nonce and this origin; only style attributes are inline', () => {
    expect(production.get('style-src-elem')).toEqual([
      "'self'",
      "'nonce-bm9uY2Utb2YtdGhpcy1yZXE='",
    ]);
    expect(production.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it('allows no plugins, no <base>, no framing, and forms only to this origin', () => {
    expect(production.get('object-src')).toEqual(["'none'"]);
    expect(production.get('base-uri')).toEqual(["'none'"]);
    expect(production.get('frame-ancestors')).toEqual(["'none'"]);
    expect(production.get('form-action')).toEqual(["'self'"]);
    expect(production.get('default-src')).toEqual(["'self'"]);
  });

  it("lets the patient's pages register this origin's service worker and read its manifest", () => {
    expect(production.get('worker-src')).toEqual(["'self'"]);
    expect(production.get('manifest-src')).toEqual(["'self'"]);
  });

  it("adds 'unsafe-eval' in development only, and never 'unsafe-inline' scripts", () => {
    const development = directives(pageContentSecurityPolicy({ nonce: 'abc', development: true }));
    expect(development.get('script-src')).toContain("'unsafe-eval'");
    expect(development.get('script-src')).not.toContain("'unsafe-inline'");
    expect(development.get('script-src')).toContain("'nonce-abc'");
  });
});

describe('createNonce', () => {
  it('is 128 random bits, new each time', () => {
    const nonces = Array.from({ length: 1000 }, createNonce);
    expect(new Set(nonces).size).toBe(1000);
    for (const nonce of nonces) {
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
    }
  });
});

describe('route handlers and every response', () => {
  it('lets nothing in a CSV, PDF or JSON answer run, load or be framed', () => {
    const policy = directives(ROUTE_HANDLER_CONTENT_SECURITY_POLICY);
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
  });

  it('lets the service worker fetch from this origin and load nothing', () => {
    const policy = directives(SERVICE_WORKER_CONTENT_SECURITY_POLICY);
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toBeUndefined();
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('sends HSTS in production only, and no second policy beside the page’s own', () => {
    const keys = (production: boolean) => securityHeaders(production).map((h) => h.key);
    expect(keys(true)).toContain('Strict-Transport-Security');
    expect(keys(false)).not.toContain('Strict-Transport-Security');
    expect(keys(true)).toEqual(
      expect.arrayContaining(['X-Content-Type-Options', 'Referrer-Policy']),
    );
    expect(keys(true)).not.toContain('Content-Security-Policy');
  });
});
