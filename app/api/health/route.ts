import { getCurrentUser } from '@/lib/auth/session';
import { hasOpsToken, probeUpstream } from '@/lib/observability/health';

export const dynamic = 'force-dynamic';

/**
 * GET /api/health – the portal is up and Devin answers (GET /v3/self). Public, for load balancers and status
 * pages: anonymous callers get only `ok` or `degraded`; portal admins and callers with METRICS_TOKEN also get the
 * upstream status, latency and error code. The probe is shared and cached (HEALTH_PROBE_TTL_MS, 5 s), made once
 * without retries, so any number of callers cost Devin at most one call per window.
 */
export async function GET(req: Request) {
  const upstream = await probeUpstream();
  const status = upstream.ok ? 'ok' : 'degraded';
  const detailed = hasOpsToken(req) || (await getCurrentUser().catch(() => null))?.role === 'admin';
  const body = detailed ? { status, portal: 'up', upstream } : { status };
  return Response.json(body, { status: upstream.ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
}
