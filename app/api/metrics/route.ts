import { hasOpsToken } from '@/lib/observability/health';
import { renderMetrics } from '@/lib/observability/metrics';
import { opsSettings } from '@/lib/observability/settings';

export const dynamic = 'force-dynamic';

/**
 * GET /api/metrics – Prometheus metrics, only with `Authorization: Bearer <METRICS_TOKEN>`. Without METRICS_TOKEN
 * configured the route does not exist (404); a wrong or missing token gets 401. (METRICS_PORT serves the same
 * on a separate, private listener instead.)
 */
export async function GET(req: Request) {
  if (!opsSettings().METRICS_TOKEN) return new Response('Not found\n', { status: 404, headers: { 'Cache-Control': 'no-store' } });
  if (!hasOpsToken(req)) {
    return Response.json(
      { error: { code: 'unauthorized', message: 'Metrics need Authorization: Bearer <METRICS_TOKEN>.' } },
      { status: 401, headers: { 'Cache-Control': 'no-store', 'WWW-Authenticate': 'Bearer' } },
    );
  }
  const { body, contentType } = await renderMetrics();
  return new Response(body, { headers: { 'Content-Type': contentType, 'Cache-Control': 'no-store' } });
}
