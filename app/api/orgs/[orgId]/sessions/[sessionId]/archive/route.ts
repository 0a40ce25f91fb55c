import { withPortalRoute } from '@/lib/api/route';
import { sessionParamsSchema } from '@/lib/sessions/schemas';
import { archiveSession } from '@/lib/sessions/session';

// POST /api/orgs/[orgId]/sessions/[sessionId]/archive – archive the session (puts a working Devin to sleep)
export const POST = withPortalRoute({ permission: 'sessions.write', params: sessionParamsSchema }, async ({ user, params, requestId }) => {
  return Response.json(await archiveSession(user, params.orgId, params.sessionId, requestId));
});
