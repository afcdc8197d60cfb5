import { lookup } from 'node:dns/promises';
import webPush from 'web-push';
import { checkPushEndpoint, isPrivateHost } from '@/lib/reminders/push-endpoint';
import type { VapidKeys } from '@/lib/reminders/vapid';

// Web Push delivery: web-push encrypts the payload (aes128gcm, RFC 8291) and signs the request
// (VAPID, RFC 8292); the request itself is made here, so that it never follows a redirect, gives
// up after a timeout, and goes only to a host that resolves to a public address.

export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export type PushResult =
  | { ok: true }
  /** `gone`: the phone unsubscribed (404/410) or the endpoint is not one Adhere sends to. */
  | { ok: false; gone: boolean; error: string };

export interface PushSender {
  send(target: PushTarget, payload: string): Promise<PushResult>;
}

export interface WebPushSenderOptions {
  keys: VapidKeys;
  /** PUSH_ALLOWED_PRIVATE_ORIGINS: test and development push services on private hosts. */
  allowedPrivateOrigins?: readonly string[];
  timeoutMs?: number;
  /** How long the push service keeps it for a phone that is off: a reminder is stale after. */
  ttlSeconds?: number;
}

async function resolvesPrivately(hostname: string): Promise<boolean> {
  try {
    const addresses = await lookup(hostname.replace(/^\[|\]$/g, ''), { all: true });
    return addresses.some((entry) => isPrivateHost(entry.address));
  } catch {
    return false; // Unresolvable: the request fails on its own, and is recorded as a failure.
  }
}

export function createWebPushSender(options: WebPushSenderOptions): PushSender {
  const allowed = options.allowedPrivateOrigins ?? [];
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    async send(target, payload) {
      const verdict = checkPushEndpoint(target.endpoint, allowed);
      if (!verdict.ok) return { ok: false, gone: true, error: verdict.message };
      const listed = allowed.some((origin) => new URL(origin).origin === verdict.url.origin);
      // A public name that points at a private address (DNS set up to reach the clinic's network).
      if (!listed && (await resolvesPrivately(verdict.url.hostname))) {
        return { ok: false, gone: true, error: 'The push address resolves to a private network.' };
      }
      let request: webPush.RequestDetails & { body: Buffer };
      try {
        request = webPush.generateRequestDetails(
          { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
          payload,
          {
            vapidDetails: options.keys,
            TTL: options.ttlSeconds ?? 4 * 60 * 60,
            urgency: 'normal',
            contentEncoding: 'aes128gcm',
          },
        );
      } catch {
        // Keys that are not a P-256 point: nothing can ever be sent to this subscription.
        return { ok: false, gone: true, error: 'The phone gave keys that cannot be used.' };
      }
      let response: Response;
      try {
        response = await fetch(request.endpoint, {
          method: request.method,
          headers: request.headers as Record<string, string>,
          body: new Uint8Array(request.body),
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const cause =
          error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
        const reason = `${error instanceof Error ? error.message : String(error)}${cause?.code ? ` (${cause.code})` : ''}`;
        return {
          ok: false,
          gone: false,
          error: `The push service could not be reached: ${reason}`.slice(0, 500),
        };
      }
      await response.body?.cancel();
      if (response.status >= 200 && response.status < 300) return { ok: true };
      if (response.status === 404 || response.status === 410) {
        return { ok: false, gone: true, error: `The phone unsubscribed (${response.status}).` };
      }
      return { ok: false, gone: false, error: `The push service answered ${response.status}.` };
    },
  };
}
