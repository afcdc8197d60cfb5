import { isIP } from 'node:net';
import { env } from './env';

/**
 * The header in which `scripts/server.mjs` passes the socket's peer address, after dropping any
 * copy a client sent (a unit test checks the two spellings agree). Next.js itself keeps whatever
 * X-Forwarded-For a client sends, so that header alone proves nothing.
 */
export const PEER_ADDRESS_HEADER = 'x-adhere-peer-address';

const MAX_LENGTH = 64;

/**
 * One address as it is compared and stored: IPv4-mapped IPv6 as plain IPv4, without brackets or
 * a port, lower case. Anything that is not an IP address after that is `unknown`, so a garbled
 * value can neither mint fresh addresses for throttling nor write junk into the audit log.
 */
export function normaliseAddress(raw: string | null | undefined): string {
  let value = (raw ?? '').trim().toLowerCase();
  if (!value || value.length > 100) return 'unknown';
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed?.[1]) value = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(':'));
  const zone = value.indexOf('%');
  if (zone > 0) value = value.slice(0, zone);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(value);
  if (mapped?.[1]) value = mapped[1];
  return isIP(value) ? value.slice(0, MAX_LENGTH) : 'unknown';
}

/**
 * The client's address, for throttling and the audit log.
 *
 * With `trustedProxyHops` 0 (the default) it is the socket's peer and any X-Forwarded-For or
 * X-Real-IP is ignored: a client can write those. Behind N proxies, each appends the address it
 * received the request from, so the N-th entry from the right of X-Forwarded-For was written by the
 * outermost trusted proxy (the socket peer is the nearest proxy itself); everything left of it is
 * the client's own claim. With fewer entries than that the request did not come through all the
 * proxies, and the peer is used. Without a peer header (`next dev`) the address is `unknown`.
 */
export function clientAddress(
  get: (name: string) => string | null | undefined,
  trustedProxyHops: number = env().TRUSTED_PROXY_HOPS,
): string {
  const peer = get(PEER_ADDRESS_HEADER);
  if (trustedProxyHops > 0) {
    const entries = (get('x-forwarded-for') ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    const forwarded = entries[entries.length - trustedProxyHops];
    if (forwarded !== undefined) return normaliseAddress(forwarded);
  }
  return normaliseAddress(peer);
}
