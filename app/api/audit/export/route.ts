import { ApiError } from '@/lib/api/errors';
import { withPortalRoute } from '@/lib/api/route';
import { startAuditExport } from '@/lib/audit/export';
import { auditQuerySchema, resolveAuditRange } from '@/lib/audit/schemas';
import { can } from '@/lib/policy/permissions';

// GET /api/audit/export – the whole range as CSV, streamed page by page (Devin's log for admins; the portal trail, one's own for members)
export const GET = withPortalRoute({ route: 'GET /api/audit/export', query: auditQuerySchema }, async ({ req, user, query, requestId }) => {
  const admin = can(user, 'audit.enterprise.read');
  const source = query.source ?? (admin ? 'devin' : 'trail');
  if (source === 'devin' && !admin) throw new ApiError('forbidden', 'Only portal admins can read the enterprise audit log; you can export the trail of your own actions.');
  const filters = { orgId: query.org, range: resolveAuditRange(query), action: query.action, order: query.order };
  const { body, filename } = await startAuditExport({ source, filters, actorSub: admin ? undefined : user.id }, { user, requestId, signal: req.signal });
  return new Response(body, {
    headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${filename}"` },
  });
});
