import { withPortalRoute } from '@/lib/api/route';
import { withdrawOrgRequest } from '@/lib/orgs/org-requests';
import { orgRequestParamsSchema } from '@/lib/orgs/request-params';

// POST /api/org-requests/[requestId]/withdraw – the requester takes back a request still waiting for approval
export const POST = withPortalRoute({ route: 'POST /api/org-requests/[requestId]/withdraw', params: orgRequestParamsSchema }, async ({ user, params, requestId }) => {
  return Response.json(await withdrawOrgRequest(params.requestId, { user, requestId }));
});
