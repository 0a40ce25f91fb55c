import { withPortalRoute } from '@/lib/api/route';
import { prepareBatch, toNdjsonStream } from '@/lib/sessions/batch';
import { batchSessionsBodySchema } from '@/lib/sessions/schemas';

// POST /api/sessions/batch – start one prompt in several orgs; streams one NDJSON line per org as each finishes
export const POST = withPortalRoute({ route: 'POST /api/sessions/batch', body: batchSessionsBodySchema }, async ({ user, body, requestId }) => {
  const run = await prepareBatch(user, body, requestId);
  return new Response(toNdjsonStream(run), {
    headers: { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'X-Accel-Buffering': 'no' },
  });
});
