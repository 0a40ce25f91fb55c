import { z } from 'zod';
import { withPortalRoute } from '@/lib/api/route';
import { rejectOrgRequest } from '@/lib/orgs/org-requests';
import { decisionReasonSchema, orgRequestParamsSchema } from '@/lib/orgs/request-params';

const bodySchema = z.object({ reason: decisionReasonSchema.min(3, { error: 'Tell the requester why, in a few words' }) });

// POST /api/org-requests/[requestId]/reject – reject a pending request with a reason (never one's own)
export const POST = withPortalRoute(
  { route: 'POST /api/org-requests/[requestId]/reject', params: orgRequestParamsSchema, body: bodySchema },
  async ({ user, params, body, requestId }) => {
    return Response.json(await rejectOrgRequest(params.requestId, body.reason, { user, requestId }));
  },
);
