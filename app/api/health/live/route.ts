export const dynamic = 'force-dynamic';

const startedAt = Date.now();

/** GET /api/health/live – liveness: the process serves requests. Touches neither Devin nor the store. */
export function GET() {
  return Response.json({ status: 'live', uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) }, { headers: { 'Cache-Control': 'no-store' } });
}
