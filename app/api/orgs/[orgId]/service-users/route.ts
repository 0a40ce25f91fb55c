import { orgParamsSchema } from '@/lib/api/params';
import { withPortalRoute } from '@/lib/api/route';
import { listGrantableRoles } from '@/lib/service-users/grantable-roles';
import { createServiceUserBodySchema } from '@/lib/service-users/schemas';
import { createOrgServiceUser, listOrgServiceUsers } from '@/lib/service-users/service-users';

// GET /api/orgs/[orgId]/service-users – the org's service users with their keys (org admins and portal admins)
export const GET = withPortalRoute({ route: 'GET /api/orgs/[orgId]/service-users', params: orgParamsSchema }, async ({ access }) =>
  Response.json({ items: await listOrgServiceUsers(access.org!) }),
);

// POST /api/orgs/[orgId]/service-users – provision one with a role no higher than one's own; its token is in this response only
export const POST = withPortalRoute(
  { route: 'POST /api/orgs/[orgId]/service-users', params: orgParamsSchema, body: createServiceUserBodySchema },
  async ({ user, access, body, requestId }) => {
    const grantable = await listGrantableRoles(access.org!);
    return Response.json(await createOrgServiceUser(access.org!.orgId, body, grantable, { user, requestId }), { status: 201 });
  },
);
