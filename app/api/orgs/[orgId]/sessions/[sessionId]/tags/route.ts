import { withPortalRoute } from '@/lib/api/route';
import { addTagsBodySchema, replaceTagsBodySchema, sessionParamsSchema } from '@/lib/sessions/schemas';
import { setSessionTags } from '@/lib/sessions/session';

// POST /api/orgs/[orgId]/sessions/[sessionId]/tags – add tags to the session's own
export const POST = withPortalRoute(
  { route: 'POST /api/orgs/[orgId]/sessions/[sessionId]/tags', params: sessionParamsSchema, body: addTagsBodySchema },
  async ({ user, access, body, requestId }) => Response.json(await setSessionTags(user, access, { mode: 'add', tags: body.tags }, requestId)),
);

// PUT /api/orgs/[orgId]/sessions/[sessionId]/tags – replace all of the session's tags
export const PUT = withPortalRoute(
  { route: 'PUT /api/orgs/[orgId]/sessions/[sessionId]/tags', params: sessionParamsSchema, body: replaceTagsBodySchema },
  async ({ user, access, body, requestId }) => Response.json(await setSessionTags(user, access, { mode: 'replace', tags: body.tags }, requestId)),
);
