import { isIP } from 'node:net';

/**
 * Whether the server may post to a push endpoint a browser gave. The endpoint comes from the
 * patient's phone, so it is a URL the server is told to call: without this check a patient could
 * point it at the clinic's own network (SSRF). Push services are public https hosts; a loopback or
 * private host is refused unless its origin is listed in PUSH_ALLOWED_PRIVATE_ORIGINS (tests and
 * development; in production lib/env.ts accepts loopback origins only).
 */
export type EndpointVerdict = { ok: true; url: URL } | { ok: false; message: string };

const REFUSED = 'This phone offered a push address Adhere does not send to.';

function privateIPv4(address: string): boolean {
  const [a = 0, b = 0] = address.split('.').map(Number);
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19)) ||
    a >= 224
  );
}

function privateIPv6(address: string): boolean {
  const lower = address.toLowerCase();
  if (lower === '::' || lower === '::1') return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped?.[1]) return privateIPv4(mapped[1]);
  // Unique local (fc00::/7), link-local (fe80::/10), multicast (ff00::/8), and any other ::ffff form.
  return /^(f[cd]|fe[89ab]|ff)/.test(lower) || lower.startsWith('::ffff:');
}

/** A host name or address literal that names this machine or a private network. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  const version = isIP(host);
  if (version === 4) return privateIPv4(host);
  if (version === 6) return privateIPv6(host);
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host.endsWith('.local') ||
    host.endsWith('.internal') ||
    // A single label ("intranet") resolves on the local network only.
    !host.includes('.')
  );
}

export function checkPushEndpoint(
  endpoint: string,
  allowedPrivateOrigins: readonly string[] = [],
): EndpointVerdict {
  if (!URL.canParse(endpoint)) return { ok: false, message: REFUSED };
  const url = new URL(endpoint);
  const allowed = allowedPrivateOrigins.map((origin) => new URL(origin).origin);
  if (allowed.includes(url.origin)) return { ok: true, url };
  if (url.protocol !== 'https:' || url.username || url.password)
    return { ok: false, message: REFUSED };
  if (isPrivateHost(url.hostname)) return { ok: false, message: REFUSED };
  return { ok: true, url };
}
