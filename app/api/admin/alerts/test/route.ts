import { sendTestAlert } from '@/lib/alerts/overview';
import { withPortalRoute } from '@/lib/api/route';
import { kickJobRunner } from '@/lib/jobs';

export const dynamic = 'force-dynamic';

// POST /api/admin/alerts/test – queues a test message to the webhook through the job runner (portal admins).
export const POST = withPortalRoute({ route: 'POST /api/admin/alerts/test' }, async ({ user }) => {
  const alert = await sendTestAlert(user);
  kickJobRunner();
  return Response.json({ alertId: alert.id }, { status: 202 });
});
