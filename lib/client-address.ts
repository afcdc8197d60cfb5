/**
 * The client's address for throttling and the audit log. Next.js's server sets X-Forwarded-For;
 * behind a load balancer the first entry is the client as the balancer saw it.
 */
export function clientAddress(get: (name: string) => string | null | undefined): string {
  const forwarded = get('x-forwarded-for')?.split(',')[0]?.trim();
  const address = forwarded || get('x-real-ip')?.trim() || 'unknown';
  return address.slice(0, 64);
}
