import { z } from 'zod';
import { withPortalRoute } from '@/lib/api/route';
import { submitOrgRequest } from '@/lib/orgs/org-requests';
import { getOrgPolicy } from '@/lib/orgs/policy-config';
import { listVisibleOrgs } from '@/lib/orgs/visible-orgs';
import { sessionWithinCycle } from '@/lib/policy/org-policy';
import { orgRequestShape } from '@/lib/policy/org-rules';

const querySchema = z.object({
  first: z.coerce.number().int().min(1).max(200).default(50),
  after: z.string().min(1).max(2_000).optional(),
  q: z.string().trim().max(100).optional(),
});

// The policy is configuration, read per request so the module loads without it (next build).
const submitBodySchema = z.lazy(() =>
  z
    .object({
      ...orgRequestShape(getOrgPolicy()),
      idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/, { error: 'must be 16–128 letters, digits, _ or -' }),
      dryRun: z.boolean().default(false),
    })
    .refine(...sessionWithinCycle),
);

// GET /api/orgs – the organizations the signed-in person may see, searchable and cursor-paged
export const GET = withPortalRoute({ route: 'GET /api/orgs', query: querySchema }, async ({ user, query }) => {
  return Response.json(await listVisibleOrgs(user, query));
});

// POST /api/orgs – request an organization: created at once within policy (201), else queued for an admin (202); dryRun previews (200)
export const POST = withPortalRoute({ route: 'POST /api/orgs', body: submitBodySchema }, async ({ user, body, requestId }) => {
  const { idempotencyKey, dryRun, ...input } = body;
  const result = await submitOrgRequest(input, { user, requestId, idempotencyKey, dryRun });
  const status = result.outcome === 'created' ? 201 : result.outcome === 'pending' ? 202 : 200;
  return Response.json(result, { status });
});
