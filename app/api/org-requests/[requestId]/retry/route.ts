import { withPortalRoute } from '@/lib/api/route';
import { retryOrgRequest } from '@/lib/orgs/org-requests';
import { orgRequestParamsSchema } from '@/lib/orgs/request-params';

// POST /api/org-requests/[requestId]/retry – finish a creation that failed (its requester within policy, else another admin)
export const POST = withPortalRoute({ route: 'POST /api/org-requests/[requestId]/retry', params: orgRequestParamsSchema }, async ({ user, params, requestId }) => {
  return Response.json(await retryOrgRequest(params.requestId, { user, requestId }));
});
