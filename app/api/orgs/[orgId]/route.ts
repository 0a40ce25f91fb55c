import { assertOrgAccess } from '@/lib/access/org-access';
import { orgParamsSchema } from '@/lib/api/params';
import { withPortalRoute } from '@/lib/api/route';
import { getDevinClient } from '@/lib/upstream';

// GET /api/orgs/[orgId] – one organization, if the person may see it (404 otherwise)
export const GET = withPortalRoute({ permission: 'orgs.read', params: orgParamsSchema }, async ({ user, params }) => {
  const access = await assertOrgAccess(user, params.orgId);
  const org = await getDevinClient().organizations.get(params.orgId);
  return Response.json({ ...org, membership: access.memberships.get(params.orgId) ?? null });
});
