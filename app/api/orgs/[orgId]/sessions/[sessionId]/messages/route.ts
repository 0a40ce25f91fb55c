import { withPortalRoute } from '@/lib/api/route';
import { messagesQuerySchema, sendMessageBodySchema, sessionParamsSchema } from '@/lib/sessions/schemas';
import { listSessionMessages, sendSessionMessage } from '@/lib/sessions/session';

// GET /api/orgs/[orgId]/sessions/[sessionId]/messages – one page of the conversation, oldest first
export const GET = withPortalRoute(
  { permission: 'sessions.read', params: sessionParamsSchema, query: messagesQuerySchema },
  async ({ user, params, query }) => {
    return Response.json(await listSessionMessages(user, params.orgId, params.sessionId, query));
  },
);

// POST /api/orgs/[orgId]/sessions/[sessionId]/messages – send Devin a message as the person (resumes a suspended session)
export const POST = withPortalRoute(
  { permission: 'sessions.write', params: sessionParamsSchema, body: sendMessageBodySchema },
  async ({ user, params, body, requestId }) => {
    return Response.json(await sendSessionMessage(user, params.orgId, params.sessionId, body.message, requestId));
  },
);
