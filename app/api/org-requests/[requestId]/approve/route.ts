import { z } from 'zod';
import { withPortalRoute } from '@/lib/api/route';
import { approveOrgRequest } from '@/lib/orgs/org-requests';
import { decisionReasonSchema, orgRequestParamsSchema } from '@/lib/orgs/request-params';

const bodySchema = z.object({ reason: decisionReasonSchema.optional() });

// POST /api/org-requests/[requestId]/approve – approve a pending request (never one's own) and create the org
export const POST = withPortalRoute(
  { route: 'POST /api/org-requests/[requestId]/approve', params: orgRequestParamsSchema, body: bodySchema },
  async ({ user, params, body, requestId }) => {
    return Response.json(await approveOrgRequest(params.requestId, body.reason || null, { user, requestId }));
  },
);
