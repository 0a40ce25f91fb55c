import { z } from 'zod';
import { orgIdSchema, serviceUserIdSchema } from '@/lib/api/params';
import { withPortalRoute } from '@/lib/api/route';
import { apiKeyIdSchema, rotateKeyBodySchema } from '@/lib/service-users/schemas';
import { rotateKey } from '@/lib/service-users/service-users';

const paramsSchema = z.object({ orgId: orgIdSchema, serviceUserId: serviceUserIdSchema, apiKeyId: apiKeyIdSchema });

// POST /api/orgs/[orgId]/service-users/[serviceUserId]/keys/[apiKeyId]/rotate – a new key, the old one revoked now or after an overlap
export const POST = withPortalRoute(
  { route: 'POST /api/orgs/[orgId]/service-users/[serviceUserId]/keys/[apiKeyId]/rotate', params: paramsSchema, body: rotateKeyBodySchema },
  async ({ user, params, body, requestId }) =>
    Response.json(await rotateKey(params.orgId, params.serviceUserId, params.apiKeyId, body, { user, requestId }), { status: 201 }),
);
