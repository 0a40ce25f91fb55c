import { orgParamsSchema } from '@/lib/api/params';
import { withPortalRoute } from '@/lib/api/route';
import { getCurrentCycle, getOrgBreakdown } from '@/lib/consumption/consumption';
import { consumptionQuerySchema, resolveRange } from '@/lib/consumption/range';

// GET /api/consumption/orgs/[orgId] – who used what in one org over a range (everyone for org admins, oneself for members)
export const GET = withPortalRoute(
  { route: 'GET /api/consumption/orgs/[orgId]', params: orgParamsSchema, query: consumptionQuerySchema },
  async ({ user, params, query }) => {
    const range = resolveRange(query, await getCurrentCycle());
    return Response.json(await getOrgBreakdown(user, params.orgId, range));
  },
);
