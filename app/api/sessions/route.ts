import { withPortalRoute } from '@/lib/api/route';
import { listSessions } from '@/lib/sessions/list';
import { listSessionsQuerySchema } from '@/lib/sessions/schemas';

// GET /api/sessions – sessions in one org (?org=) or across the person's orgs, filtered and cursor-paged
export const GET = withPortalRoute({ route: 'GET /api/sessions', query: listSessionsQuerySchema }, async ({ user, query }) => {
  return Response.json(await listSessions(user, query));
});
