import { withPortalRoute } from '@/lib/api/route';
import { sessionParamsSchema, terminateQuerySchema } from '@/lib/sessions/schemas';
import { getSessionDetail, terminateSession } from '@/lib/sessions/session';

// GET /api/orgs/[orgId]/sessions/[sessionId] – one session, with whether the person may steer it
export const GET = withPortalRoute({ permission: 'sessions.read', params: sessionParamsSchema }, async ({ user, params }) => {
  return Response.json(await getSessionDetail(user, params.orgId, params.sessionId));
});

// DELETE /api/orgs/[orgId]/sessions/[sessionId]?archive= – terminate the session for good (and optionally archive it)
export const DELETE = withPortalRoute(
  { permission: 'sessions.write', params: sessionParamsSchema, query: terminateQuerySchema },
  async ({ user, params, query, requestId }) => {
    return Response.json(await terminateSession(user, params.orgId, params.sessionId, query.archive, requestId));
  },
);
