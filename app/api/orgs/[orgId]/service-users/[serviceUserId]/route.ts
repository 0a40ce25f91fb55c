import { z } from 'zod';
import { orgIdSchema, serviceUserIdSchema } from '@/lib/api/params';
import { withPortalRoute } from '@/lib/api/route';
import { listGrantableRoles } from '@/lib/service-users/grantable-roles';
import { changeRoleBodySchema } from '@/lib/service-users/schemas';
import { changeServiceUserRole, removeServiceUserFromOrg } from '@/lib/service-users/service-users';

const paramsSchema = z.object({ orgId: orgIdSchema, serviceUserId: serviceUserIdSchema });

// PATCH /api/orgs/[orgId]/service-users/[serviceUserId] – another org role, no higher than one's own
export const PATCH = withPortalRoute(
  { route: 'PATCH /api/orgs/[orgId]/service-users/[serviceUserId]', params: paramsSchema, body: changeRoleBodySchema },
  async ({ user, access, params, body, requestId }) => {
    const grantable = await listGrantableRoles(access.org!);
    return Response.json(await changeServiceUserRole(params.orgId, access.serviceUser!, body, grantable, { user, requestId }));
  },
);

// DELETE /api/orgs/[orgId]/service-users/[serviceUserId] – takes it out of the org (not deleted, keys not revoked)
export const DELETE = withPortalRoute(
  { route: 'DELETE /api/orgs/[orgId]/service-users/[serviceUserId]', params: paramsSchema },
  async ({ user, access, params, requestId }) => Response.json(await removeServiceUserFromOrg(params.orgId, access.serviceUser!, { user, requestId })),
);
