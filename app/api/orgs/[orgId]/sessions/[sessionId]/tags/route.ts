import { withPortalRoute } from '@/lib/api/route';
import { addTagsBodySchema, replaceTagsBodySchema, sessionParamsSchema } from '@/lib/sessions/schemas';
import { setSessionTags } from '@/lib/sessions/session';

// POST /api/orgs/[orgId]/sessions/[sessionId]/tags – add tags to the session's own
export const POST = withPortalRoute(
  { permission: 'sessions.write', params: sessionParamsSchema, body: addTagsBodySchema },
  async ({ user, params, body, requestId }) => {
    return Response.json(await setSessionTags(user, params.orgId, params.sessionId, { mode: 'add', tags: body.tags }, requestId));
  },
);

// PUT /api/orgs/[orgId]/sessions/[sessionId]/tags – replace all of the session's tags
export const PUT = withPortalRoute(
  { permission: 'sessions.write', params: sessionParamsSchema, body: replaceTagsBodySchema },
  async ({ user, params, body, requestId }) => {
    return Response.json(await setSessionTags(user, params.orgId, params.sessionId, { mode: 'replace', tags: body.tags }, requestId));
  },
);
