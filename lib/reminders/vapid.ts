import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import webPush from 'web-push';
import { env, type Env } from '../env';

/** The server's Web Push identity (RFC 8292): browsers accept pushes signed with this key only. */
export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

/** The subject of generated keys: a push service may write to it about this server's pushes. */
const GENERATED_SUBJECT = 'mailto:reminders@adhere.invalid';

/**
 * Like the signing secret (lib/env.ts), a development or trial install with the embedded
 * database keeps generated keys beside it, so a phone's subscription survives a restart.
 */
function embeddedKeys(dataDir: string): VapidKeys {
  const file = path.join(path.dirname(path.resolve(dataDir)), 'vapid-keys.json');
  try {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<VapidKeys>;
    if (stored.publicKey && stored.privateKey) {
      return {
        publicKey: stored.publicKey,
        privateKey: stored.privateKey,
        subject: GENERATED_SUBJECT,
      };
    }
  } catch {
    // Not there yet (or unreadable): make new ones.
  }
  const keys = webPush.generateVAPIDKeys();
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  return { ...keys, subject: GENERATED_SUBJECT };
}

/**
 * The configured keys; outside production with the embedded database, generated ones; otherwise
 * null, and Web Push is off (production never invents an identity the operator did not choose:
 * phones subscribed to it would stop working the day it changed).
 */
export function resolveVapidKeys(config: Env): VapidKeys | null {
  if (config.VAPID_PUBLIC_KEY && config.VAPID_PRIVATE_KEY && config.VAPID_SUBJECT) {
    return {
      publicKey: config.VAPID_PUBLIC_KEY,
      privateKey: config.VAPID_PRIVATE_KEY,
      subject: config.VAPID_SUBJECT,
    };
  }
  if (config.NODE_ENV === 'production' || config.DATABASE_URL) return null;
  return embeddedKeys(config.PGLITE_DIR);
}

let cached: { keys: VapidKeys | null } | undefined;

/** Resolved once per process. */
export function vapidKeys(): VapidKeys | null {
  cached ??= { keys: resolveVapidKeys(env()) };
  return cached.keys;
}
