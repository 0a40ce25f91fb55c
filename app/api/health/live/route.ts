export const dynamic = 'force-dynamic';

/** GET /api/health/live – liveness: the process serves requests. Touches neither Devin nor the store. */
export function GET() {
  return Response.json({ status: 'live', uptimeSeconds: Math.round(process.uptime()) }, { headers: { 'Cache-Control': 'no-store' } });
}
