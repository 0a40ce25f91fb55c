import { z } from 'zod';
import { orgIdSchema } from '@/lib/api/params';
import { withPortalRoute } from '@/lib/api/route';
import { removeOrgMember } from '@/lib/orgs/members';

const paramsSchema = z.object({
  orgId: orgIdSchema,
  userId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, { error: 'must be a Devin user id' }),
});

// DELETE /api/orgs/[orgId]/members/[userId] – remove someone from the org (org admins and portal admins; never its last admin)
export const DELETE = withPortalRoute({ route: 'DELETE /api/orgs/[orgId]/members/[userId]', params: paramsSchema }, async ({ user, params, requestId }) => {
  await removeOrgMember(params.orgId, params.userId, { user, requestId });
  return new Response(null, { status: 204 });
});
