import { withPortalRoute } from '@/lib/api/route';
import { sessionParamsSchema, terminateQuerySchema } from '@/lib/sessions/schemas';
import { getSessionDetail, terminateSession } from '@/lib/sessions/session';

// GET /api/orgs/[orgId]/sessions/[sessionId] – one session, with whether the person may steer it
export const GET = withPortalRoute(
  { route: 'GET /api/orgs/[orgId]/sessions/[sessionId]', params: sessionParamsSchema },
  async ({ access }) => Response.json(getSessionDetail(access)),
);

// DELETE /api/orgs/[orgId]/sessions/[sessionId]?archive= – terminate the session for good (and optionally archive it)
export const DELETE = withPortalRoute(
  { route: 'DELETE /api/orgs/[orgId]/sessions/[sessionId]', params: sessionParamsSchema, query: terminateQuerySchema },
  async ({ user, access, query, requestId }) => Response.json(await terminateSession(user, access, query.archive, requestId)),
);
