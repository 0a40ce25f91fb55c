import { checkStore, probeUpstream } from '@/lib/observability/health';

export const dynamic = 'force-dynamic';

/**
 * GET /api/health/ready – readiness: the store answers and the (cached, shared) upstream probe reached Devin.
 * 503 names the failing check, never its detail. A 401 from Devin still counts as reachable: taking every
 * instance out of the load balancer would not fix a revoked token (the `upstream-token-rejected` alert does).
 */
export async function GET() {
  const [store, upstream] = await Promise.all([checkStore(), probeUpstream()]);
  const ready = store.ok && upstream.reachable;
  return Response.json(
    { status: ready ? 'ready' : 'not-ready', checks: { store: store.ok ? 'ok' : 'failing', upstream: upstream.reachable ? 'ok' : 'failing' } },
    { status: ready ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
}
