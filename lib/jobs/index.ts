import 'server-only';
import { deliverAlert } from '@/lib/alerts/deliver';
import { evaluateAlerts } from '@/lib/alerts/evaluate';
import { clearAlertsExcept, DELIVER_JOB, raiseAlert } from '@/lib/alerts/store';
import { errorFields, log } from '@/lib/observability/logger';
import { metrics } from '@/lib/observability/metrics';
import { opsSettings } from '@/lib/observability/settings';
import { expireOrgRequests } from '@/lib/orgs/request-store';
import { backfillRotationJobs, REVOKE_KEY_JOB, runKeyRevocationJob } from '@/lib/service-users/service-users';
import { PermanentJobError, runDueJobs, type JobHandler, type RunOptions, type RunReport } from './runner';
import { enqueueJob, listStuckJobs, pruneFinishedJobs, type Job } from './store';

export { enqueueJob, type Job } from './store';

const EVALUATE_JOB = 'alerts.evaluate';
const PRUNE_JOB = 'jobs.prune';
const EXPIRE_REQUESTS_JOB = 'org-requests.expire';
const BACKFILL_JOB = 'key.revoke.backfill';
const KEEP_FINISHED_DAYS = 30;
/** A failed run of these is superseded by the next period's run, so it is logged and listed but not alerted. */
const RECURRING = new Set([EVALUATE_JOB, PRUNE_JOB, EXPIRE_REQUESTS_JOB]);

/** A recurring job's handler that skips past periods: a runner that was down comes back to a queue of them, and only the latest is worth running. */
function latestOnly(periodSeconds: () => number, run: () => Promise<unknown>): JobHandler {
  return async (job) => {
    if (Date.now() / 1000 - job.scheduledAt > periodSeconds()) return;
    await run();
  };
}

/** Every kind of job the portal runs, and what runs it. */
export const JOB_HANDLERS: Record<string, JobHandler> = {
  [REVOKE_KEY_JOB]: runKeyRevocationJob,
  [DELIVER_JOB]: async (job) => {
    const alertId = (job.payload as { alertId?: unknown }).alertId;
    if (typeof alertId !== 'string') throw new PermanentJobError('payload has no alertId');
    await deliverAlert(alertId);
  },
  [EVALUATE_JOB]: latestOnly(() => opsSettings().ALERT_EVALUATE_SECONDS, () => evaluateAlerts()),
  [EXPIRE_REQUESTS_JOB]: latestOnly(() => 60, () => expireOrgRequests()),
  [PRUNE_JOB]: latestOnly(
    () => 3_600,
    async () => {
      const at = Math.floor(Date.now() / 1000);
      const removed = (await pruneFinishedJobs(at - KEEP_FINISHED_DAYS * 86_400)) + (await pruneFinishedJobs(at - 86_400, [...RECURRING]));
      if (removed) log('jobs').info({ removed }, 'pruned finished jobs');
    },
  ),
  [BACKFILL_JOB]: async () => {
    const added = await backfillRotationJobs();
    if (added) log('jobs').info({ added }, 'scheduled revocations found in the trail were moved onto the jobs table');
  },
};

/**
 * Puts the recurring jobs in the table: one row per period (the dedupe key names the period), so however many
 * instances call this, each period's job exists once and runs once.
 */
export async function scheduleRecurringJobs(now: number): Promise<void> {
  const s = opsSettings();
  const every = (kind: string, seconds: number) => {
    const slot = Math.floor(now / seconds) * seconds;
    return enqueueJob({ kind, dedupeKey: `${kind}@${slot}`, dueAt: slot, maxAttempts: 1 });
  };
  await every(EVALUATE_JOB, s.ALERT_EVALUATE_SECONDS);
  await every(PRUNE_JOB, 3_600);
  await every(EXPIRE_REQUESTS_JOB, 60);
  // Once ever: rotations scheduled before the jobs table existed live only in the trail.
  await enqueueJob({ kind: BACKFILL_JOB, dedupeKey: BACKFILL_JOB, dueAt: now, maxAttempts: 5 });
}

const reported = new Set<string>();

/**
 * Jobs not done JOBS_OVERDUE_SECONDS after their due time, and jobs that used up their attempts: logged once per
 * process, counted in the gauges, and alerted (`job-overdue`) until they are done. Alert deliveries themselves are
 * left out of the alerts (a webhook that is down cannot be told it is down) but not out of the log and the page.
 */
export async function reportStuckJobs(now: number): Promise<{ overdue: Job[]; failed: Job[] }> {
  const s = opsSettings();
  const stuck = await listStuckJobs(now, s.JOBS_OVERDUE_SECONDS);
  metrics().jobsOverdue.set(stuck.overdue.length);
  metrics().jobsFailed.set(stuck.failed.length);
  const all = [...stuck.overdue, ...stuck.failed];
  for (const job of all) {
    const key = `${job.id}:${job.status}`;
    if (reported.has(key)) continue;
    reported.add(key);
    log('jobs').warn(
      { jobId: job.id, kind: job.kind, status: job.status, scheduledAt: job.scheduledAt, overdueSeconds: now - job.scheduledAt, attempts: job.attempts, lastError: job.lastError, ...(job.orgId && { orgId: job.orgId }) },
      job.status === 'failed' ? 'job failed for good' : 'job overdue',
    );
  }
  const alerting = all.filter((j) => j.kind !== DELIVER_JOB && !(j.status === 'failed' && RECURRING.has(j.kind)));
  for (const job of alerting) {
    const late = Math.round((now - job.scheduledAt) / 60);
    await raiseAlert({
      kind: 'job-overdue',
      subject: job.id,
      orgId: job.orgId,
      severity: job.kind === REVOKE_KEY_JOB ? 'critical' : 'warning',
      summary:
        job.status === 'failed'
          ? `Job ${job.kind} failed after ${job.attempts} attempts and needs a person${job.lastError ? `: ${job.lastError}` : ''}.`
          : `Job ${job.kind} is ${late} min overdue (attempt ${job.attempts}${job.lastError ? `, last error: ${job.lastError}` : ''}); it keeps being retried.`,
      details: { jobId: job.id, kind: job.kind, scheduledAt: job.scheduledAt, attempts: job.attempts, lastError: job.lastError, status: job.status },
    });
  }
  await clearAlertsExcept('job-overdue', alerting.map((j) => j.id));
  return stuck;
}

/** One pass of the runner: recurring jobs scheduled, due jobs run, stuck jobs reported. */
export async function runJobsOnce(opts: RunOptions & { recurring?: boolean } = {}): Promise<RunReport> {
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  if (opts.recurring !== false) await scheduleRecurringJobs(now);
  const report = await runDueJobs(JOB_HANDLERS, { ...opts, now });
  await reportStuckJobs(now);
  return report;
}

const holder = globalThis as typeof globalThis & { __portalJobRunner?: NodeJS.Timeout };

/**
 * Starts this instance's job runner (from instrumentation.ts): a pass every JOBS_POLL_MS. Every instance may run
 * one; the claim in the store makes sure each job runs once. The timer never keeps the process alive.
 */
export function startJobRunner(): void {
  if (holder.__portalJobRunner) return;
  const s = opsSettings();
  if (s.JOBS_DISABLED) {
    log('jobs').warn('job runner disabled (JOBS_DISABLED): scheduled revocations and alerts wait for another instance');
    return;
  }
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await runJobsOnce();
    } catch (err) {
      log('jobs').error({ error: errorFields(err) }, 'job runner pass failed; trying again next tick');
    } finally {
      running = false;
    }
  };
  holder.__portalJobRunner = setInterval(() => void tick(), s.JOBS_POLL_MS).unref();
  setTimeout(() => void tick(), Math.min(2_000, s.JOBS_POLL_MS)).unref();
  log('jobs').info({ pollMs: s.JOBS_POLL_MS }, 'job runner started');
}

export function stopJobRunner(): void {
  if (holder.__portalJobRunner) clearInterval(holder.__portalJobRunner);
  holder.__portalJobRunner = undefined;
}

/** Runs a pass soon (after an admin's action), without waiting for the next tick; a no-op while the runner is off. */
export function kickJobRunner(): void {
  if (!holder.__portalJobRunner) return;
  setTimeout(() => {
    runJobsOnce({ recurring: false }).catch((err: unknown) => log('jobs').error({ error: errorFields(err) }, 'job runner pass failed'));
  }, 0).unref();
}
