import 'server-only';
import { createHmac } from 'node:crypto';
import { log } from '@/lib/observability/logger';
import { metrics } from '@/lib/observability/metrics';
import { opsSettings } from '@/lib/observability/settings';
import { ALERT_KINDS, getAlert, markAlertDelivery, type Alert } from './store';

const TIMEOUT_MS = 10_000;
export const SIGNATURE_HEADER = 'X-Portal-Signature';
export const TIMESTAMP_HEADER = 'X-Portal-Timestamp';

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`, so a receiver can check origin and freshness (as Slack and Stripe do). */
export function signPayload(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The generic JSON body: the alert as the admin page shows it. */
export function jsonBody(a: Alert, portalUrl: string | null) {
  return {
    type: 'devin-portal.alert',
    id: a.id,
    kind: a.kind,
    title: ALERT_KINDS[a.kind],
    severity: a.severity,
    status: a.status,
    subject: a.subject,
    summary: a.summary,
    orgId: a.orgId,
    details: a.details,
    openedAt: new Date(a.openedAt * 1000).toISOString(),
    ...(portalUrl && { url: `${portalUrl}/admin/alerts` }),
  };
}

/** Slack's incoming-webhook body: `text` (the fallback and notification line) plus blocks. */
export function slackBody(a: Alert, portalUrl: string | null) {
  const icon = a.severity === 'critical' ? ':rotating_light:' : a.severity === 'warning' ? ':warning:' : ':information_source:';
  const text = `${icon} ${ALERT_KINDS[a.kind]}: ${a.summary}`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `Devin Portal · ${a.kind} · ${a.severity}${portalUrl ? ` · <${portalUrl}/admin/alerts|alerts page>` : ''}` }],
      },
    ],
  };
}

/**
 * Sends one alert to ALERT_WEBHOOK_URL. Throws on a non-2xx answer or no answer, so the job runner retries it
 * with backoff; the alert id travels as Idempotency-Key so a receiver can drop a repeat after a lost answer.
 * Without a configured webhook the alert stays listed on the admin page only.
 */
export async function deliverAlert(alertId: string): Promise<'sent' | 'not-configured' | 'gone'> {
  const alert = await getAlert(alertId);
  if (!alert) return 'gone';
  const s = opsSettings();
  if (!s.ALERT_WEBHOOK_URL) {
    await markAlertDelivery(alertId, { error: 'no webhook configured (ALERT_WEBHOOK_URL)' });
    return 'not-configured';
  }
  const portalUrl = process.env.NEXTAUTH_URL?.replace(/\/+$/, '') ?? null;
  const body = JSON.stringify(s.ALERT_WEBHOOK_FORMAT === 'slack' ? slackBody(alert, portalUrl) : jsonBody(alert, portalUrl));
  const timestamp = Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': 'devin-portal-alerts',
    'Idempotency-Key': alert.id,
    [TIMESTAMP_HEADER]: String(timestamp),
  };
  if (s.ALERT_WEBHOOK_SECRET) headers[SIGNATURE_HEADER] = signPayload(s.ALERT_WEBHOOK_SECRET, timestamp, body);
  // Webhook URLs carry their secret in the path (Slack's do): only the origin is ever logged.
  const target = new URL(s.ALERT_WEBHOOK_URL).origin;
  let status: number;
  try {
    const res = await fetch(s.ALERT_WEBHOOK_URL, { method: 'POST', headers, body, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'manual' });
    status = res.status;
    await res.body?.cancel().catch(() => undefined);
  } catch (err) {
    const reason = (err as { cause?: { code?: unknown } }).cause?.code ?? (err as Error).name;
    const message = `webhook at ${target} did not answer (${String(reason)})`;
    await fail(message);
    throw new Error(message);
  }
  if (status < 200 || status >= 300) {
    const message = `webhook at ${target} answered ${status}`;
    await fail(message);
    throw new Error(message);
  }
  await markAlertDelivery(alertId, { sentAt: timestamp });
  metrics().alertDeliveries.inc({ outcome: 'sent' });
  log('alerts').info({ alertId, kind: alert.kind, target }, 'alert sent');
  return 'sent';

  async function fail(message: string) {
    metrics().alertDeliveries.inc({ outcome: 'failed' });
    await markAlertDelivery(alertId, { error: message });
  }
}
