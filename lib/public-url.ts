import { env } from './env';

/**
 * An absolute URL on this Adhere, for links handed to people (set-password links): the configured
 * public URL when there is one, otherwise the address the request came to.
 */
export function publicUrl(path: string, get: (header: string) => string | null): string {
  const configured = env().NEXTAUTH_URL;
  if (configured) return new URL(path, configured).toString();
  const host = get('x-forwarded-host') ?? get('host') ?? 'localhost:3000';
  const proto = get('x-forwarded-proto') ?? 'http';
  return new URL(path, `${proto}://${host}`).toString();
}
