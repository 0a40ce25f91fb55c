import { z } from 'zod';
import { assertOrgAccess } from '@/lib/access/org-access';
import { orgIdSchema, serviceUserIdSchema } from '@/lib/api/params';
import { withPortalRoute } from '@/lib/api/route';
import { listGrantableRoles } from '@/lib/service-users/grantable-roles';
import { changeRoleBodySchema } from '@/lib/service-users/schemas';
import { changeServiceUserRole, removeServiceUserFromOrg } from '@/lib/service-users/service-users';

const paramsSchema = z.object({ orgId: orgIdSchema, serviceUserId: serviceUserIdSchema });

// PATCH /api/orgs/[orgId]/service-users/[serviceUserId] – another org role, from the roles the caller may grant
export const PATCH = withPortalRoute(
  { permission: 'service-users.manage', params: paramsSchema, body: changeRoleBodySchema },
  async ({ user, params, body, requestId }) => {
    const access = await assertOrgAccess(user, params.orgId, 'manage');
    const grantable = await listGrantableRoles(user, params.orgId, access);
    return Response.json(await changeServiceUserRole(params.orgId, params.serviceUserId, body, grantable, { user, requestId }));
  },
);

// DELETE /api/orgs/[orgId]/service-users/[serviceUserId] – takes it out of the org (not deleted, keys not revoked)
export const DELETE = withPortalRoute({ permission: 'service-users.manage', params: paramsSchema }, async ({ user, params, requestId }) => {
  await assertOrgAccess(user, params.orgId, 'manage');
  return Response.json(await removeServiceUserFromOrg(params.orgId, params.serviceUserId, { user, requestId }));
});
