import { z } from 'zod';
import { assertOrgAccess } from '@/lib/access/org-access';
import { orgParamsSchema } from '@/lib/api/params';
import { withPortalRoute } from '@/lib/api/route';
import { deleteOrg, updateOrg } from '@/lib/orgs/manage-org';
import { getOrgPolicy } from '@/lib/orgs/policy-config';
import { orgUpdateSchema } from '@/lib/policy/org-policy';
import { getDevinClient } from '@/lib/upstream';

const updateBodySchema = z.lazy(() => orgUpdateSchema(getOrgPolicy()));

// GET /api/orgs/[orgId] – one organization, if the person may see it (404 otherwise)
export const GET = withPortalRoute({ permission: 'orgs.read', params: orgParamsSchema }, async ({ user, params }) => {
  const access = await assertOrgAccess(user, params.orgId);
  const org = await getDevinClient().organizations.get(params.orgId);
  return Response.json({ ...org, membership: access.memberships.get(params.orgId) ?? null });
});

// PATCH /api/orgs/[orgId] – rename an organization or change its ACU limits (portal admins)
export const PATCH = withPortalRoute(
  { permission: 'orgs.manage', params: orgParamsSchema, body: updateBodySchema },
  async ({ user, params, body, requestId }) => Response.json(await updateOrg(params.orgId, body, { user, requestId })),
);

// DELETE /api/orgs/[orgId] – delete an organization (portal admins)
export const DELETE = withPortalRoute({ permission: 'orgs.manage', params: orgParamsSchema }, async ({ user, params, requestId }) => {
  await deleteOrg(params.orgId, { user, requestId });
  return new Response(null, { status: 204 });
});
