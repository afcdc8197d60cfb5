/**
 * Adhere's security headers, in one place. A page gets a Content-Security-Policy built for its own
 * request (proxy.ts), whose nonce Next.js puts on every script it renders; a route handler's CSV,
 * PDF or JSON gets a fixed policy that lets nothing run (next.config.ts); every response carries
 * the other headers below (next.config.ts).
 */

type Policy = Record<string, readonly string[]>;

function serialise(policy: Policy): string {
  return Object.entries(policy)
    .map(([directive, sources]) => [directive, ...sources].join(' '))
    .join('; ');
}

/** A fresh nonce for one response: 128 random bits, base64, never to be reused. */
export function createNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}

/**
 * The policy of one rendered page. Scripts run only if they carry `nonce` ('strict-dynamic' then
 * trusts what those scripts load, i.e. Next.js's chunks; 'self' is only the fallback for browsers
 * without CSP 3). Development adds 'unsafe-eval', which React uses there to rebuild server error
 * stacks, and inline style elements for Next.js's error overlay.
 *
 * Styles: style attributes still need 'unsafe-inline', because React writes `style` props into the
 * server's HTML as attributes (Recharts' chart containers have them) and the browser applies those
 * only under 'unsafe-inline' (a style attribute styles one element and cannot run code). Style
 * elements and stylesheets, which reach the whole page, are held to this origin and the nonce by
 * style-src-elem; browsers without CSP 3 fall back to style-src.
 */
export function pageContentSecurityPolicy({
  nonce,
  development,
}: {
  nonce: string;
  development: boolean;
}): string {
  return serialise({
    'default-src': ["'self'"],
    'script-src': [
      "'self'",
      `'nonce-${nonce}'`,
      "'strict-dynamic'",
      ...(development ? ["'unsafe-eval'"] : []),
    ],
    'style-src': ["'self'", "'unsafe-inline'"],
    'style-src-elem': ["'self'", development ? "'unsafe-inline'" : `'nonce-${nonce}'`],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    // The patient's service worker (/sw.js) and web app manifest; 'strict-dynamic' would
    // otherwise leave a worker no source it may load from.
    'worker-src': ["'self'"],
    'manifest-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  });
}

/**
 * For route handlers (CSV, PDF, JSON, next-auth's endpoints): their answers are data, not pages,
 * so nothing in them may run, load or be framed. next-auth's built-in sign-out confirmation page
 * still posts its form to this origin.
 */
export const ROUTE_HANDLER_CONTENT_SECURITY_POLICY = serialise({
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
});

/**
 * For the service worker's script, whose own policy binds the worker: it may fetch from this
 * origin (to keep the patient's pages) and load nothing else.
 */
export const SERVICE_WORKER_CONTENT_SECURITY_POLICY = serialise({
  'default-src': ["'none'"],
  'connect-src': ["'self'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
});

/** The headers every response carries, pages, route handlers and static files alike. */
export function securityHeaders(production: boolean): { key: string; value: string }[] {
  const headers = [
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'X-Frame-Options', value: 'DENY' },
    { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
    { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
  ];
  if (production) {
    headers.push({
      key: 'Strict-Transport-Security',
      value: 'max-age=63072000; includeSubDomains',
    });
  }
  return headers;
}
