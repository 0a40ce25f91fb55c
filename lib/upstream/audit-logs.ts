import 'server-only';
import type { Transport } from './client';
import { toAuditLog, toPage } from './map';
import { auditLogPageSchema, auditLogQuerySchema } from './schemas';
import type { AuditLog, AuditLogFilters, Page } from './types';

/** Refused before sending: `timeBefore` without `timeAfter`, or a window over 100 days. */
export function createAuditLogsApi(call: Transport) {
  const query = (f: AuditLogFilters) => ({
    order: f.order,
    time_after: f.timeAfter,
    time_before: f.timeBefore,
    action: f.action,
    first: f.first,
    after: f.after,
  });

  return {
    // GET /v3/enterprise/audit-logs
    async list(filters: AuditLogFilters = {}): Promise<Page<AuditLog>> {
      const wire = await call({
        method: 'GET',
        path: '/v3/enterprise/audit-logs',
        query: query(filters),
        querySchema: auditLogQuerySchema,
        response: auditLogPageSchema,
      });
      return toPage(wire, toAuditLog);
    },

    // GET /v3/enterprise/organizations/{org_id}/audit-logs
    async listOrg(orgId: string, filters: AuditLogFilters = {}): Promise<Page<AuditLog>> {
      const wire = await call({
        method: 'GET',
        path: '/v3/enterprise/organizations/{org_id}/audit-logs',
        params: { org_id: orgId },
        query: query(filters),
        querySchema: auditLogQuerySchema,
        response: auditLogPageSchema,
      });
      return toPage(wire, toAuditLog);
    },
  };
}

export type AuditLogsApi = ReturnType<typeof createAuditLogsApi>;
