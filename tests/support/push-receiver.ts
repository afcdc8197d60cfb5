import { createDecipheriv, createECDH, createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for a push service (FCM, Mozilla, Apple) on a local HTTP port, and the phone behind
 * it: each `phone()` is a subscription with its own P-256 key pair and auth secret, as a browser
 * makes one, so a test can decrypt what the server pushed (RFC 8291, aes128gcm) and read the
 * payload the phone's service worker would show.
 */

export interface ReceivedPush {
  path: string;
  /** What the receiver answered: only a 2xx reached the phone. */
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface FakePhone {
  endpoint: string;
  p256dh: string;
  auth: string;
  /** Pushes the service accepted for this phone, decrypted: what the phone would show. */
  received(): unknown[];
}

export interface PushReceiver {
  origin: string;
  pushes: ReceivedPush[];
  phone(): FakePhone;
  /** Answer this status for a phone's endpoint from now on (410: the phone unsubscribed). */
  answer(endpoint: string, status: number): void;
  stop(): Promise<void>;
}

const b64 = (buffer: Buffer) => buffer.toString('base64url');

function hmac(key: Buffer, data: Buffer): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** HKDF-Expand for one block (every length here is at most 32 bytes). */
function expand(prk: Buffer, info: Buffer, length: number): Buffer {
  return hmac(prk, Buffer.concat([info, Buffer.from([1])])).subarray(0, length);
}

/** Decrypts an aes128gcm Web Push message for a phone (RFC 8291 §3.4, RFC 8188). */
export function decryptPush(
  body: Buffer,
  phone: { privateKey: Buffer; publicKey: Buffer; authSecret: Buffer },
): string {
  const salt = body.subarray(0, 16);
  const idLength = body.readUInt8(20);
  const serverPublicKey = body.subarray(21, 21 + idLength);
  const ciphertext = body.subarray(21 + idLength);
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(phone.privateKey);
  const shared = ecdh.computeSecret(serverPublicKey);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), phone.publicKey, serverPublicKey]);
  const ikm = expand(hmac(phone.authSecret, shared), keyInfo, 32);
  const prk = hmac(salt, ikm);
  const cek = expand(prk, Buffer.from('Content-Encoding: aes128gcm\0'), 16);
  const nonce = expand(prk, Buffer.from('Content-Encoding: nonce\0'), 12);
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([
    decipher.update(ciphertext.subarray(0, ciphertext.length - 16)),
    decipher.final(),
  ]);
  // The last record ends with the delimiter 2, then any zero padding.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end -= 1;
  if (padded[end] !== 2) throw new Error('not the last record of an aes128gcm message');
  return padded.subarray(0, end).toString('utf8');
}

export async function startPushReceiver(): Promise<PushReceiver> {
  const pushes: ReceivedPush[] = [];
  const statuses = new Map<string, number>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      const status = statuses.get(path) ?? 201;
      pushes.push({ path, status, headers: request.headers, body: Buffer.concat(chunks) });
      // A fresh connection per push, as push services' load balancers often do.
      response.writeHead(status, { connection: 'close' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let phones = 0;
  return {
    origin,
    pushes,
    phone() {
      const ecdh = createECDH('prime256v1');
      const publicKey = ecdh.generateKeys();
      const keys = { privateKey: ecdh.getPrivateKey(), publicKey, authSecret: randomBytes(16) };
      const path = `/push/phone-${(phones += 1)}-${b64(randomBytes(6))}`;
      return {
        endpoint: `${origin}${path}`,
        p256dh: b64(publicKey),
        auth: b64(keys.authSecret),
        received: () =>
          pushes
            .filter((push) => push.path === path && push.status < 300 && push.body.length > 0)
            .map((push) => JSON.parse(decryptPush(push.body, keys)) as unknown),
      };
    },
    answer(endpoint, status) {
      statuses.set(new URL(endpoint).pathname, status);
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
