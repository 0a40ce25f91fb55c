import { withPortalRoute } from '@/lib/api/route';
import { getOrgRequest } from '@/lib/orgs/org-requests';
import { orgRequestParamsSchema } from '@/lib/orgs/request-params';

// GET /api/org-requests/[requestId] – one org request (its requester or an admin)
export const GET = withPortalRoute({ route: 'GET /api/org-requests/[requestId]', params: orgRequestParamsSchema }, async ({ user, params }) => {
  return Response.json(await getOrgRequest(user, params.requestId));
});
