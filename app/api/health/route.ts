/**
 * Liveness for load balancers, and the benchmark's measure of the framework's own per-request
 * cost: it touches no database and no session.
 */
export const dynamic = 'force-dynamic';

export function GET() {
  return new Response('ok', {
    headers: { 'content-type': 'text/plain', 'cache-control': 'no-store' },
  });
}
