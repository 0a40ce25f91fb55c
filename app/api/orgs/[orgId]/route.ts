import { z } from 'zod';
import { orgParamsSchema } from '@/lib/api/params';
import { withPortalRoute } from '@/lib/api/route';
import { deleteOrg, updateOrg } from '@/lib/orgs/manage-org';
import { loadOrgForMember } from '@/lib/orgs/org-detail';
import { getOrgPolicy } from '@/lib/orgs/policy-config';
import { orgUpdateSchema } from '@/lib/policy/org-rules';

const updateBodySchema = z.lazy(() => orgUpdateSchema(getOrgPolicy()));

// GET /api/orgs/[orgId] – one organization, if the person may see it (404 otherwise)
export const GET = withPortalRoute({ route: 'GET /api/orgs/[orgId]', params: orgParamsSchema }, async ({ access }) =>
  Response.json(await loadOrgForMember(access.org!)),
);

// PATCH /api/orgs/[orgId] – rename an organization or change its ACU limits (portal admins)
export const PATCH = withPortalRoute(
  { route: 'PATCH /api/orgs/[orgId]', params: orgParamsSchema, body: updateBodySchema },
  async ({ user, params, body, requestId }) => Response.json(await updateOrg(params.orgId, body, { user, requestId })),
);

// DELETE /api/orgs/[orgId] – delete an organization (portal admins)
export const DELETE = withPortalRoute({ route: 'DELETE /api/orgs/[orgId]', params: orgParamsSchema }, async ({ user, params, requestId }) => {
  await deleteOrg(params.orgId, { user, requestId });
  return new Response(null, { status: 204 });
});
