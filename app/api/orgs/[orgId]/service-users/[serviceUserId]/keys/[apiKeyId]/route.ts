import { z } from 'zod';
import { orgIdSchema, serviceUserIdSchema } from '@/lib/api/params';
import { withPortalRoute } from '@/lib/api/route';
import { apiKeyIdSchema } from '@/lib/service-users/schemas';
import { revokeKey } from '@/lib/service-users/service-users';

const paramsSchema = z.object({ orgId: orgIdSchema, serviceUserId: serviceUserIdSchema, apiKeyId: apiKeyIdSchema });

// DELETE /api/orgs/[orgId]/service-users/[serviceUserId]/keys/[apiKeyId] – revoke the key at once
export const DELETE = withPortalRoute(
  { route: 'DELETE /api/orgs/[orgId]/service-users/[serviceUserId]/keys/[apiKeyId]', params: paramsSchema },
  async ({ user, params, requestId }) => Response.json(await revokeKey(params.orgId, params.serviceUserId, params.apiKeyId, { user, requestId })),
);
