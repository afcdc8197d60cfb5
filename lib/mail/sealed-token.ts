import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * A set-password token waiting in the outbox is a credential: whoever reads it can choose the
 * account's password. So it is stored encrypted (AES-256-GCM, key derived from NEXTAUTH_SECRET,
 * which never sits in the database) and bound to its outbox row and recipient, so that a copy in
 * a backup, a replica or another row is useless. The row's copy is emptied once it is settled.
 */
const VERSION = 'v1';

function keyFrom(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'adhere', 'mail-outbox set-password token', 32));
}

/** What the sealed token is bound to: the outbox row and the address it goes to. */
export function outboxBinding(outboxId: string, toAddress: string): string {
  return `${outboxId}\n${toAddress}`;
}

export function sealToken(token: string, secret: string, binding: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(secret), iv);
  cipher.setAAD(Buffer.from(binding));
  const sealed = Buffer.concat([cipher.update(token, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}.${iv.toString('base64url')}.${sealed.toString('base64url')}`;
}

/** The token, or null when it cannot be opened (another secret, another row, or tampered with). */
export function openSealedToken(sealed: string, secret: string, binding: string): string | null {
  const [version, ivText, bodyText] = sealed.split('.');
  if (version !== VERSION || !ivText || !bodyText) return null;
  try {
    const body = Buffer.from(bodyText, 'base64url');
    const decipher = createDecipheriv(
      'aes-256-gcm',
      keyFrom(secret),
      Buffer.from(ivText, 'base64url'),
    );
    decipher.setAAD(Buffer.from(binding));
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([
      decipher.update(body.subarray(0, body.length - 16)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    return null;
  }
}
