import { z } from 'zod';
import { AUDIT_ACTIONS } from '../audit-actions';
import { auditKey, type AuditFilter } from '../audit';
import { DAY_SECONDS } from '../consumption';
import { apiRoute, nowSeconds, param, requirePermission, type ApiContext } from '../context';
import { invalidField } from '../http';
import { pageParams, paginate } from '../pagination';
import { parseQuery, queryInt } from '../validation';
import { orgOr404 } from './organizations';

const MAX_WINDOW_SECONDS = 100 * DAY_SECONDS;

const auditQuery = z.object({
  ...pageParams,
  order: z.enum(['asc', 'desc']).default('desc'),
  time_after: queryInt({ min: 0 }).optional(),
  time_before: queryInt({ min: 0 }).optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
});

/**
 * The documented window rules (doc §9): time_before only with time_after, and
 * at most 100 days. With time_after alone the window runs to now, so it is held
 * to the same limit. Time filters are half-open: created_at >= after, < before.
 */
function listAuditLogs(ctx: ApiContext, orgId?: string) {
  const q = parseQuery(ctx.query, auditQuery);
  if (q.time_before !== undefined && q.time_after === undefined) {
    throw invalidField(['query', 'time_before'], 'time_before requires time_after');
  }
  if (q.time_after !== undefined) {
    const end = q.time_before ?? nowSeconds(ctx);
    if (end < q.time_after) throw invalidField(['query', 'time_before'], 'time_before must not be earlier than time_after');
    if (end - q.time_after > MAX_WINDOW_SECONDS) {
      throw invalidField(['query', 'time_after'], 'The time window may span at most 100 days');
    }
  }
  const filter: AuditFilter = { orgId, action: q.action, after: q.time_after, before: q.time_before };
  return paginate(ctx.state.audit.query(filter, q.order), q, auditKey, q.order);
}

// GET /v3/enterprise/audit-logs
function listEnterpriseAuditLogs(ctx: ApiContext) {
  requirePermission(ctx, 'ManageEnterpriseSettings');
  return listAuditLogs(ctx);
}

// GET /v3/enterprise/organizations/{org_id}/audit-logs
function listOrgAuditLogs(ctx: ApiContext) {
  requirePermission(ctx, 'ManageEnterpriseSettings');
  return listAuditLogs(ctx, orgOr404(ctx.state, param(ctx, 'org_id')).id);
}

export const auditLogRoutes = [
  apiRoute('GET', '/v3/enterprise/audit-logs', listEnterpriseAuditLogs),
  apiRoute('GET', '/v3/enterprise/organizations/:org_id/audit-logs', listOrgAuditLogs),
];
