// @ts-check
import { randomUUID } from 'node:crypto';

const UPSTREAM_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * A request's id: a fresh UUID, or the id a trusted proxy in front already gave it (only when
 * TRUSTED_PROXY_HOPS says there is one, and only if it looks like an id), so one id follows the
 * request through the proxy's log and ours. lib/env.ts validates the variable; it is read
 * defensively here, a bad value counting as no proxy.
 * @param {string | string[] | undefined} upstream the request's X-Request-Id
 * @param {Record<string, string | undefined>} env
 */
export function requestIdFor(upstream, env = process.env) {
  const hops = Number(env.TRUSTED_PROXY_HOPS ?? 0);
  const trusted = Number.isInteger(hops) && hops > 0;
  return trusted && typeof upstream === 'string' && UPSTREAM_REQUEST_ID.test(upstream)
    ? upstream
    : randomUUID();
}
