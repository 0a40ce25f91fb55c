import { z } from 'zod';
import { assertOrgAccess } from '@/lib/access/org-access';
import { orgIdSchema } from '@/lib/api/params';
import { withPortalRoute } from '@/lib/api/route';
import { removeOrgMember } from '@/lib/orgs/members';

const paramsSchema = z.object({
  orgId: orgIdSchema,
  userId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, { error: 'must be a Devin user id' }),
});

// DELETE /api/orgs/[orgId]/members/[userId] – remove someone from the org (org admins and portal admins)
export const DELETE = withPortalRoute({ permission: 'orgs.read', params: paramsSchema }, async ({ user, params, requestId }) => {
  await assertOrgAccess(user, params.orgId, 'manage');
  await removeOrgMember(params.orgId, params.userId, { user, requestId });
  return new Response(null, { status: 204 });
});
