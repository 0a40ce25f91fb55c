import type { AuditAction } from './audit-actions';
import type { ApiContext } from './context';
import { compareKeys, type Sorted } from './pagination';

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

  /**
   * Matching entries in `order`, as a view rather than a copy: benchmarks page
   * through 100k entries, so the time window is cut by binary search and only
   * the org and action filters ever build a new list.
   */
  query(filter: AuditFilter, order: 'asc' | 'desc'): Sorted<AuditEntry> {
    let list = this.entries;
    let from = filter.after === undefined ? 0 : this.firstAtOrAfter(filter.after);
    let to = Math.max(from, filter.before === undefined ? list.length : this.firstAtOrAfter(filter.before));
    if (filter.orgId !== undefined || filter.action !== undefined) {
      list = list
        .slice(from, to)
        .filter((e) => (filter.orgId === undefined || e.org_id === filter.orgId) && (filter.action === undefined || e.action === filter.action));
      [from, to] = [0, list.length];
    }
    return {
      length: to - from,
      at: (i) => (i < 0 || i >= to - from ? undefined : list[order === 'asc' ? from + i : to - 1 - i]),
    };
  }

  private firstAtOrAfter(seconds: number): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid]!.created_at < seconds) lo = mid + 1;
      else hi = mid;
    }
    return lo;
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
