import 'server-only';
import type { Selectable } from 'kysely';
import { timeOrderedId } from '@/lib/ids';
import { enqueueJob } from '@/lib/jobs/store';
import { log } from '@/lib/observability/logger';
import { metrics } from '@/lib/observability/metrics';
import { getDb } from '@/lib/storage/db';
import type { AlertsTable } from '@/lib/storage/schema';

export const ALERT_KINDS = {
  'forecast-over-cap': "An org's forecast passes its ACU cap",
  'spend-spike': 'A day far above the org’s trailing baseline',
  'key-expiring': 'A service-user key expires soon and has no successor',
  'job-overdue': 'A scheduled job (a key revocation, say) is overdue or failed',
  'upstream-token-rejected': 'Devin answers 401 to the portal’s own token',
  test: 'A test message sent by an admin',
} as const;
export type AlertKind = keyof typeof ALERT_KINDS;
export type Severity = 'info' | 'warning' | 'critical';

export const DELIVER_JOB = 'alert.deliver';

export interface AlertCondition {
  kind: AlertKind;
  /** What the condition is about, unique within the kind (an org and cycle, a key id, a job id). */
  subject: string;
  severity: Severity;
  /** One line a person can act on. Never a secret. */
  summary: string;
  details?: Record<string, unknown>;
  orgId?: string | null;
}

export interface Alert {
  id: string;
  kind: AlertKind;
  subject: string;
  status: 'open' | 'cleared';
  severity: Severity;
  summary: string;
  details: Record<string, unknown>;
  orgId: string | null;
  openedAt: number;
  lastSeenAt: number;
  clearedAt: number | null;
  sentAt: number | null;
  deliveryError: string | null;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);
const keyOf = (kind: string, subject: string) => `${kind}:${subject}`;

/**
 * Notes that a condition holds. The first time (no open alert for it) an alert is opened and its webhook delivery
 * is queued as a job, in one transaction; while it stays open, later calls only refresh it. So one condition sends
 * one message until it clears, however many instances notice it.
 */
export async function raiseAlert(c: AlertCondition): Promise<{ alert: Alert; opened: boolean }> {
  const db = await getDb();
  const dedupeKey = keyOf(c.kind, c.subject);
  const at = nowSeconds();
  const existing = await db.selectFrom('alerts').selectAll().where('dedupe_key', '=', dedupeKey).where('status', '=', 'open').executeTakeFirst();
  if (existing) {
    await db.updateTable('alerts').set({ last_seen_at: at }).where('id', '=', existing.id).execute();
    return { alert: toAlert({ ...existing, last_seen_at: at }), opened: false };
  }
  const row: Selectable<AlertsTable> = {
    id: timeOrderedId(),
    kind: c.kind,
    subject: c.subject,
    dedupe_key: dedupeKey,
    status: 'open',
    severity: c.severity,
    summary: c.summary,
    details: JSON.stringify(c.details ?? {}),
    org_id: c.orgId ?? null,
    opened_at: at,
    last_seen_at: at,
    cleared_at: null,
    sent_at: null,
    delivery_error: null,
  };
  const inserted = await db.transaction().execute(async (trx) => {
    const done = await trx.insertInto('alerts').values(row).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst();
    if (!done) return false;
    await enqueueJob({ kind: DELIVER_JOB, dedupeKey: `${DELIVER_JOB}:${row.id}`, dueAt: at, payload: { alertId: row.id }, orgId: c.orgId ?? null, maxAttempts: 8 }, trx);
    return true;
  });
  if (!inserted) {
    // Another instance opened it a moment ago.
    const other = await db.selectFrom('alerts').selectAll().where('dedupe_key', '=', dedupeKey).where('status', '=', 'open').executeTakeFirstOrThrow();
    return { alert: toAlert(other), opened: false };
  }
  metrics().alertsOpened.inc({ kind: c.kind });
  log('alerts').warn({ alertId: row.id, kind: c.kind, subject: c.subject, severity: c.severity, ...(c.orgId && { orgId: c.orgId }) }, c.summary);
  return { alert: toAlert(row), opened: true };
}

/** Clears the open alerts of `kind` whose subject is not in `stillTrue`; returns how many cleared. */
export async function clearAlertsExcept(kind: AlertKind, stillTrue: Iterable<string>): Promise<number> {
  const keep = new Set(stillTrue);
  const db = await getDb();
  const open = await db.selectFrom('alerts').select(['id', 'subject']).where('kind', '=', kind).where('status', '=', 'open').execute();
  const ids = open.filter((a) => !keep.has(a.subject)).map((a) => a.id);
  if (!ids.length) return 0;
  const at = nowSeconds();
  await db.updateTable('alerts').set({ status: 'cleared', cleared_at: at }).where('id', 'in', ids).where('status', '=', 'open').execute();
  for (const a of open.filter((x) => ids.includes(x.id))) log('alerts').info({ kind, subject: a.subject }, 'alert cleared');
  return ids.length;
}

/** Clears one condition (e.g. Devin accepted the portal's token again); returns how many cleared (0 or 1). */
export async function clearAlert(kind: AlertKind, subject: string): Promise<number> {
  const db = await getDb();
  const res = await db
    .updateTable('alerts')
    .set({ status: 'cleared', cleared_at: nowSeconds() })
    .where('dedupe_key', '=', keyOf(kind, subject))
    .where('status', '=', 'open')
    .executeTakeFirst();
  const n = Number(res.numUpdatedRows);
  if (n) log('alerts').info({ kind, subject }, 'alert cleared');
  return n;
}

export async function getAlert(id: string): Promise<Alert | null> {
  const db = await getDb();
  const row = await db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toAlert(row) : null;
}

export async function listAlerts(f: { status?: 'open' | 'cleared'; kind?: AlertKind; limit?: number } = {}): Promise<Alert[]> {
  const db = await getDb();
  let q = db.selectFrom('alerts').selectAll();
  if (f.status) q = q.where('status', '=', f.status);
  if (f.kind) q = q.where('kind', '=', f.kind);
  const rows = await q.orderBy('opened_at', 'desc').orderBy('id', 'desc').limit(f.limit ?? 100).execute();
  return rows.map(toAlert);
}

export async function markAlertDelivery(id: string, outcome: { sentAt: number } | { error: string }): Promise<void> {
  const db = await getDb();
  await db
    .updateTable('alerts')
    .set('sentAt' in outcome ? { sent_at: outcome.sentAt, delivery_error: null } : { delivery_error: outcome.error.slice(0, 500) })
    .where('id', '=', id)
    .execute();
}

function toAlert(r: Selectable<AlertsTable>): Alert {
  let details: Record<string, unknown> = {};
  try {
    details = JSON.parse(r.details) as Record<string, unknown>;
  } catch {
    details = {};
  }
  return {
    id: r.id,
    kind: r.kind as AlertKind,
    subject: r.subject,
    status: r.status,
    severity: r.severity,
    summary: r.summary,
    details,
    orgId: r.org_id,
    openedAt: Number(r.opened_at),
    lastSeenAt: Number(r.last_seen_at),
    clearedAt: r.cleared_at === null ? null : Number(r.cleared_at),
    sentAt: r.sent_at === null ? null : Number(r.sent_at),
    deliveryError: r.delivery_error,
  };
}
