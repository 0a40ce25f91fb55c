import { withPortalRoute } from '@/lib/api/route';
import { messagesQuerySchema, sendMessageBodySchema, sessionParamsSchema } from '@/lib/sessions/schemas';
import { listSessionMessages, sendSessionMessage } from '@/lib/sessions/session';

// GET /api/orgs/[orgId]/sessions/[sessionId]/messages – one page of the conversation, oldest first
export const GET = withPortalRoute(
  { route: 'GET /api/orgs/[orgId]/sessions/[sessionId]/messages', params: sessionParamsSchema, query: messagesQuerySchema },
  async ({ access, query }) => Response.json(await listSessionMessages(access, query)),
);

// POST /api/orgs/[orgId]/sessions/[sessionId]/messages – send Devin a message as the person (resumes a suspended session)
export const POST = withPortalRoute(
  { route: 'POST /api/orgs/[orgId]/sessions/[sessionId]/messages', params: sessionParamsSchema, body: sendMessageBodySchema },
  async ({ user, access, body, requestId }) => Response.json(await sendSessionMessage(user, access, body.message, requestId)),
);
