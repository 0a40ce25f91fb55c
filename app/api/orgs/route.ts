import { z } from 'zod';
import { withPortalRoute } from '@/lib/api/route';
import { listVisibleOrgs } from '@/lib/orgs/visible-orgs';

const querySchema = z.object({
  first: z.coerce.number().int().min(1).max(200).default(50),
  after: z.string().min(1).optional(),
});

// GET /api/orgs – the organizations the signed-in person may see, cursor-paged
export const GET = withPortalRoute({ permission: 'orgs.read', query: querySchema }, async ({ user, query }) => {
  return Response.json(await listVisibleOrgs(user, query));
});
