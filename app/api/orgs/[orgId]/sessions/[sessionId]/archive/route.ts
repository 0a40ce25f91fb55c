import { withPortalRoute } from '@/lib/api/route';
import { sessionParamsSchema } from '@/lib/sessions/schemas';
import { archiveSession } from '@/lib/sessions/session';

// POST /api/orgs/[orgId]/sessions/[sessionId]/archive – archive the session (puts a working Devin to sleep)
export const POST = withPortalRoute(
  { route: 'POST /api/orgs/[orgId]/sessions/[sessionId]/archive', params: sessionParamsSchema },
  async ({ user, access, requestId }) => Response.json(await archiveSession(user, access, requestId)),
);
