import { withPortalRoute } from '@/lib/api/route';
import { getOrgAccess } from '@/lib/access/org-access';

// GET /api/me – the signed-in person, their portal role and the orgs they may use
export const GET = withPortalRoute({ route: 'GET /api/me' }, async ({ user }) => {
  const access = await getOrgAccess(user);
  return Response.json({
    user,
    devinUserId: access.devinUserId,
    allOrgs: access.allOrgs,
    memberships: [...access.memberships.values()],
  });
});
