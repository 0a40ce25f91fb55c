import { getAlertsOverview } from '@/lib/alerts/overview';
import { withPortalRoute } from '@/lib/api/route';

export const dynamic = 'force-dynamic';

// GET /api/admin/alerts – open and recent alerts, overdue and failed jobs (portal admins).
export const GET = withPortalRoute({ route: 'GET /api/admin/alerts' }, async () => Response.json(await getAlertsOverview()));
