import { checkReadiness } from '@/db/readiness';

/**
 * Readiness for load balancers and orchestrators: 200 only when the database answers and its
 * migrations are current, otherwise 503 with the reason (never the error itself). Liveness is
 * /api/health.
 */
export const dynamic = 'force-dynamic';

export async function GET() {
  const readiness = await checkReadiness();
  return Response.json(
    readiness.ready ? { status: 'ready' } : { status: 'unavailable', reason: readiness.reason },
    { status: readiness.ready ? 200 : 503, headers: { 'cache-control': 'no-store' } },
  );
}
