import { z } from 'zod';
import { withPortalRoute } from '@/lib/api/route';
import { listOrgRequests } from '@/lib/orgs/org-requests';

const querySchema = z.object({
  queue: z.enum(['pending', 'decided', 'mine']).default('mine'),
  first: z.coerce.number().int().min(1).max(100).default(25),
  after: z.string().min(1).max(500).optional(),
});

// GET /api/org-requests – the person's own org requests, or (admins) the approval queue and past decisions
export const GET = withPortalRoute({ route: 'GET /api/org-requests', query: querySchema }, async ({ user, query }) => {
  return Response.json(await listOrgRequests(user, query));
});
