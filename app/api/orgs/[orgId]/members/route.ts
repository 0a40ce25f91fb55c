import { z } from 'zod';
import { orgParamsSchema } from '@/lib/api/params';
import { withPortalRoute } from '@/lib/api/route';
import { addOrgMember, listOrgMembers } from '@/lib/orgs/members';

const querySchema = z.object({
  first: z.coerce.number().int().min(1).max(200).default(50),
  after: z.string().min(1).max(2_000).optional(),
});

const addBodySchema = z.object({
  email: z.email({ error: 'must be an email address' }).transform((e) => e.toLowerCase()),
  roleId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, { error: 'must be a role id' }),
});

// GET /api/orgs/[orgId]/members – the org's members and their roles, cursor-paged (members of the org)
export const GET = withPortalRoute(
  { route: 'GET /api/orgs/[orgId]/members', params: orgParamsSchema, query: querySchema },
  async ({ params, query }) => Response.json(await listOrgMembers(params.orgId, query)),
);

// POST /api/orgs/[orgId]/members – add someone by email with an org role no higher than one's own (org admins and portal admins)
export const POST = withPortalRoute(
  { route: 'POST /api/orgs/[orgId]/members', params: orgParamsSchema, body: addBodySchema },
  async ({ user, access, params, body, requestId }) =>
    Response.json(await addOrgMember(params.orgId, body, { user, requestId, granter: access.org!.tier }), { status: 201 }),
);
