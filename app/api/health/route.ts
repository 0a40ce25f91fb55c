import { getDevinClient } from '@/lib/upstream';
import { UpstreamError } from '@/lib/upstream/errors';

export const dynamic = 'force-dynamic';

// GET /api/health – portal up, Devin reachable (GET /v3/self) and how fast. Public, for load balancers; says nothing about identity.
export async function GET() {
  const started = performance.now();
  let upstream: { reachable: boolean; latencyMs: number; status?: number; error?: string };
  try {
    await getDevinClient().self.get();
    upstream = { reachable: true, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    upstream = {
      reachable: false,
      latencyMs: Math.round(performance.now() - started),
      ...(err instanceof UpstreamError ? { status: err.status, error: err.code } : { error: 'unavailable' }),
    };
  }
  return Response.json(
    { status: upstream.reachable ? 'ok' : 'degraded', portal: 'up', upstream, checkedAt: new Date().toISOString() },
    { status: upstream.reachable ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
}
