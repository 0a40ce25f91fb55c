import type { AuditAction } from './audit-actions';
import type { ApiContext } from './context';
import { compareKeys } from './pagination';

/** An audit entry exactly as the wire `AuditLog` (doc §9). */
export interface AuditEntry {
  audit_log_id: string;
  action: AuditAction;
  created_at: number;
  data: Record<string, unknown>;
  org_id: string | null;
  user_id: string | null;
  user_email: string | null;
  service_user_id: string | null;
  service_user_name: string | null;
}

export interface AuditFilter {
  orgId?: string;
  action?: AuditAction;
  /** Half-open window in Unix seconds: created_at >= after and < before. */
  after?: number;
  before?: number;
}

export const auditKey = (e: AuditEntry) => [e.created_at, e.audit_log_id] as const;

/** The audit history, kept sorted by (created_at, id) ascending. */
export class AuditTrail {
  private entries: AuditEntry[] = [];

  /** Bulk load for seeding: one sort instead of one insertion per entry. */
  load(entries: AuditEntry[]): void {
    this.entries = [...this.entries, ...entries].sort((a, b) => compareKeys(auditKey(a), auditKey(b)));
  }

  /** Inserted in order even if the clock was moved backwards (tests do that). */
  add(entry: AuditEntry): void {
    let i = this.entries.length;
    while (i > 0 && compareKeys(auditKey(this.entries[i - 1]!), auditKey(entry)) > 0) i--;
    this.entries.splice(i, 0, entry);
  }

  query(filter: AuditFilter, order: 'asc' | 'desc'): AuditEntry[] {
    const hits = this.entries.filter(
      (e) =>
        (filter.orgId === undefined || e.org_id === filter.orgId) &&
        (filter.action === undefined || e.action === filter.action) &&
        (filter.after === undefined || e.created_at >= filter.after) &&
        (filter.before === undefined || e.created_at < filter.before),
    );
    return order === 'asc' ? hits : hits.reverse();
  }
}

/** Records a write by the calling service user; `userId` names the person acted for (impersonation), if any. */
export function recordAudit(
  ctx: ApiContext,
  action: AuditAction,
  fields: { orgId?: string | null; userId?: string | null; data: Record<string, unknown> },
): void {
  const user = fields.userId ? ctx.state.users.get(fields.userId) : undefined;
  ctx.state.audit.add({
    audit_log_id: ctx.state.newId('audit', 24),
    action,
    created_at: Math.floor(ctx.nowMs / 1000),
    data: fields.data,
    org_id: fields.orgId ?? null,
    user_id: fields.userId ?? null,
    user_email: user?.email ?? null,
    service_user_id: ctx.principal.serviceUser.id,
    service_user_name: ctx.principal.serviceUser.name,
  });
}
