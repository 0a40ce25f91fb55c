import { z } from 'zod';
import { ApiError } from '@/lib/api/errors';
import { withPortalRoute } from '@/lib/api/route';
import { kickJobRunner } from '@/lib/jobs';
import { retryFailedJob } from '@/lib/jobs/store';

export const dynamic = 'force-dynamic';

const params = z.object({ jobId: z.string().min(1).max(64) });

// POST /api/admin/jobs/[jobId]/retry – a failed job becomes due now with three more attempts (portal admins).
export const POST = withPortalRoute({ route: 'POST /api/admin/jobs/[jobId]/retry', params }, async ({ params: { jobId } }) => {
  if (!(await retryFailedJob(jobId))) throw new ApiError('not_found', 'jobId: no failed job with this id.', { field: 'jobId' });
  kickJobRunner();
  return Response.json({ jobId, status: 'pending' }, { status: 202 });
});
