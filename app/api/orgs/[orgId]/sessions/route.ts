import { orgParamsSchema } from '@/lib/api/params';
import { withPortalRoute } from '@/lib/api/route';
import { createSessionBodySchema } from '@/lib/sessions/schemas';
import { startSession } from '@/lib/sessions/start';

// POST /api/orgs/[orgId]/sessions – start a session as the signed-in person (201), or get back the one they just started (200)
export const POST = withPortalRoute(
  { route: 'POST /api/orgs/[orgId]/sessions', params: orgParamsSchema, body: createSessionBodySchema },
  async ({ user, params, body, requestId }) => {
    const result = await startSession(user, params.orgId, body, requestId);
    return Response.json(result, { status: result.outcome === 'created' ? 201 : 200 });
  },
);
