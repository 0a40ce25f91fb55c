import { z } from 'zod';
import { orgIdSchema, serviceUserIdSchema } from '@/lib/api/params';
import { withPortalRoute } from '@/lib/api/route';
import { createKeyBodySchema } from '@/lib/service-users/schemas';
import { createKey } from '@/lib/service-users/service-users';

const paramsSchema = z.object({ orgId: orgIdSchema, serviceUserId: serviceUserIdSchema });

// POST /api/orgs/[orgId]/service-users/[serviceUserId]/keys – an extra key; its token is in this response only
export const POST = withPortalRoute(
  { route: 'POST /api/orgs/[orgId]/service-users/[serviceUserId]/keys', params: paramsSchema, body: createKeyBodySchema },
  async ({ user, params, body, requestId }) => Response.json(await createKey(params.orgId, params.serviceUserId, body, { user, requestId }), { status: 201 }),
);
