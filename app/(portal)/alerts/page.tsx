import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ErrorNotice } from '@/app/_components/error-notice';
import { ALERT_KINDS, type Alert } from '@/lib/alerts/store';
import { getAlertsOverview, type JobView } from '@/lib/alerts/overview';
import { toApiError } from '@/lib/api/errors';
import { requireUser } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/format';
import { can } from '@/lib/policy/permissions';
import { settle } from '@/lib/settle';
import { RetryJobButton, SendTestAlertButton } from './_components/alert-actions';

export const metadata: Metadata = { title: 'Alerts' };

export default async function AlertsPage() {
  const user = await requireUser();
  if (!can(user, 'ops.alerts')) notFound();
  const result = await settle(getAlertsOverview());
  if (!result.ok) return <ErrorNotice title="Alerts could not be loaded" message={toApiError(result.error).message} />;
  const o = result.value;
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Alerts</h1>
          <p>
            The portal checks spend, forecasts, expiring keys and its own jobs, and tells the platform team through a webhook: one message per
            condition until it clears. {o.webhook.configured ? `Webhook: ${o.webhook.origin} (${o.webhook.format}${o.webhook.signed ? ', signed' : ', unsigned'}).` : 'No webhook is configured (ALERT_WEBHOOK_URL).'}
          </p>
        </div>
        <SendTestAlertButton configured={o.webhook.configured} />
      </div>
      <div className="stack" style={{ gap: 16 }}>
        <section className="card" aria-labelledby="open-heading">
          <h2 id="open-heading">Open ({o.open.length})</h2>
          {o.open.length ? <AlertTable alerts={o.open} label="Open alerts" testId="open-alerts" /> : <p className="muted">Nothing needs attention.</p>}
        </section>
        <section className="card" aria-labelledby="jobs-heading">
          <h2 id="jobs-heading">Overdue and failed jobs</h2>
          <p className="small muted">A job not done {Math.round(o.overdueAfterSeconds / 60)} minutes after its due time is overdue; it keeps being retried with backoff. A failed job used up its attempts.</p>
          {o.overdueJobs.length + o.failedJobs.length ? <JobTable jobs={[...o.overdueJobs, ...o.failedJobs]} /> : <p className="muted">Every job ran on time.</p>}
        </section>
        <section className="card" aria-labelledby="recent-heading">
          <h2 id="recent-heading">Sent and recent</h2>
          {o.recent.length ? <AlertTable alerts={o.recent} label="Recent alerts" testId="recent-alerts" /> : <p className="muted">No alerts yet.</p>}
        </section>
      </div>
    </>
  );
}

function AlertTable({ alerts, label, testId }: { alerts: Alert[]; label: string; testId: string }) {
  return (
    <div className="table-wrap">
      <table data-testid={testId}>
        <caption className="sr-only">{label}</caption>
        <thead>
          <tr>
            <th scope="col">Alert</th>
            <th scope="col">Severity</th>
            <th scope="col">Opened</th>
            <th scope="col">Status</th>
            <th scope="col">Webhook</th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((a) => (
            <tr key={a.id} data-kind={a.kind}>
              <td>
                <strong>{ALERT_KINDS[a.kind] ?? a.kind}</strong>
                <div className="small">{a.summary}</div>
              </td>
              <td>{a.severity}</td>
              <td>{formatDateTime(a.openedAt)}</td>
              <td>{a.status === 'open' ? 'open' : `cleared ${formatDateTime(a.clearedAt)}`}</td>
              <td>{a.sentAt ? `sent ${formatDateTime(a.sentAt)}` : a.deliveryError ? <span className="field-error">{a.deliveryError}</span> : <span className="muted">queued</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function JobTable({ jobs }: { jobs: JobView[] }) {
  return (
    <div className="table-wrap">
      <table data-testid="stuck-jobs">
        <caption className="sr-only">Overdue and failed jobs</caption>
        <thead>
          <tr>
            <th scope="col">Job</th>
            <th scope="col">For</th>
            <th scope="col">Due</th>
            <th scope="col">Attempts</th>
            <th scope="col">Last error</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((j) => (
            <tr key={j.id}>
              <td>
                {j.kind}
                <div className="small muted">{j.id}</div>
              </td>
              <td>{j.actorEmail ?? <span className="muted">the portal</span>}</td>
              <td>
                {formatDateTime(j.dueAt)}
                <div className="small muted">{Math.round(j.overdueSeconds / 60)} min late</div>
              </td>
              <td>
                {j.attempts} / {j.maxAttempts}
              </td>
              <td className="small">{j.lastError ?? '—'}</td>
              <td>{j.status === 'failed' ? <RetryJobButton jobId={j.id} kind={j.kind} /> : j.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
