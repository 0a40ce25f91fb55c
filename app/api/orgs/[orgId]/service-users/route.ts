import { assertOrgAccess } from '@/lib/access/org-access';
import { orgParamsSchema } from '@/lib/api/params';
import { withPortalRoute } from '@/lib/api/route';
import { listGrantableRoles } from '@/lib/service-users/grantable-roles';
import { createServiceUserBodySchema } from '@/lib/service-users/schemas';
import { createOrgServiceUser, listOrgServiceUsers } from '@/lib/service-users/service-users';

// GET /api/orgs/[orgId]/service-users – the org's service users with their keys (org admins and portal admins)
export const GET = withPortalRoute({ permission: 'service-users.manage', params: orgParamsSchema }, async ({ user, params }) => {
  await assertOrgAccess(user, params.orgId, 'manage');
  return Response.json({ items: await listOrgServiceUsers(params.orgId) });
});

// POST /api/orgs/[orgId]/service-users – provision one; its token is in this response only (never stored)
export const POST = withPortalRoute(
  { permission: 'service-users.manage', params: orgParamsSchema, body: createServiceUserBodySchema },
  async ({ user, params, body, requestId }) => {
    const access = await assertOrgAccess(user, params.orgId, 'manage');
    const grantable = await listGrantableRoles(user, params.orgId, access);
    return Response.json(await createOrgServiceUser(params.orgId, body, grantable, { user, requestId }), { status: 201 });
  },
);
