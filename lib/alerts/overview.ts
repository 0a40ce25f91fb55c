import 'server-only';
import { listStuckJobs, retryFailedJob, type Job } from '@/lib/jobs/store';
import { opsSettings } from '@/lib/observability/settings';
import { timeOrderedId } from '@/lib/ids';
import type { PortalUser } from '@/lib/auth/types';
import { clearAlert, listAlerts, raiseAlert, type Alert } from './store';

export interface JobView {
  id: string;
  kind: string;
  status: Job['status'];
  orgId: string | null;
  actorEmail: string | null;
  dueAt: number;
  overdueSeconds: number;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
}

export interface AlertsOverview {
  webhook: { configured: boolean; signed: boolean; format: 'json' | 'slack'; origin: string | null };
  open: Alert[];
  recent: Alert[];
  overdueJobs: JobView[];
  failedJobs: JobView[];
  overdueAfterSeconds: number;
}

/** What the admin alerts page shows: open alerts, the last ones, and jobs that are late or failed. */
export async function getAlertsOverview(): Promise<AlertsOverview> {
  const s = opsSettings();
  const now = Math.floor(Date.now() / 1000);
  const [open, recent, stuck] = await Promise.all([listAlerts({ status: 'open', limit: 200 }), listAlerts({ limit: 50 }), listStuckJobs(now, s.JOBS_OVERDUE_SECONDS)]);
  const view = (j: Job): JobView => ({
    id: j.id,
    kind: j.kind,
    status: j.status,
    orgId: j.orgId,
    actorEmail: j.actor?.email ?? null,
    dueAt: j.scheduledAt,
    overdueSeconds: Math.max(0, now - j.scheduledAt),
    attempts: j.attempts,
    maxAttempts: j.maxAttempts,
    lastError: j.lastError,
  });
  return {
    webhook: {
      configured: Boolean(s.ALERT_WEBHOOK_URL),
      signed: Boolean(s.ALERT_WEBHOOK_SECRET),
      format: s.ALERT_WEBHOOK_FORMAT,
      origin: s.ALERT_WEBHOOK_URL ? new URL(s.ALERT_WEBHOOK_URL).origin : null,
    },
    open,
    recent,
    overdueJobs: stuck.overdue.map(view),
    failedJobs: stuck.failed.map(view),
    overdueAfterSeconds: s.JOBS_OVERDUE_SECONDS,
  };
}

/** An admin's test message: a `test` alert, sent through the same job and webhook as real ones, then cleared. */
export async function sendTestAlert(user: PortalUser): Promise<Alert> {
  const subject = timeOrderedId();
  const { alert } = await raiseAlert({
    kind: 'test',
    subject,
    severity: 'info',
    summary: `Test message sent by ${user.name} from the portal's alerts page. If you can read this, alerts reach you.`,
    details: { requestedBy: user.id },
  });
  await clearAlert('test', subject);
  return alert;
}

export { retryFailedJob };
