import 'server-only';
import { errorFields, log } from '@/lib/observability/logger';
import { metrics } from '@/lib/observability/metrics';
import { claimDueJobs, completeJob, failJob, WORKER_ID, type Job } from './store';

/** Does one job. Throwing retries it with backoff (a `PermanentJobError` fails it at once). */
export type JobHandler = (job: Job) => Promise<void>;

/** A failure that another attempt cannot fix (bad payload, a thing that no longer exists). */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

export interface RunOptions {
  /** Unix seconds; defaults to the clock. */
  now?: number;
  limit?: number;
  worker?: string;
  /** Backoff base in seconds: attempt n waits about base · 2^(n-1), at most `maxBackoffSeconds`. */
  backoffSeconds?: number;
  maxBackoffSeconds?: number;
}

export interface RunReport {
  done: string[];
  retried: string[];
  failed: string[];
}

const LEASE_SECONDS = 300;

/** Seconds until attempt `attempts + 1`: exponential, capped, with jitter so failing jobs do not retry in step. */
export function backoffSeconds(attempts: number, base = 30, cap = 900, random = Math.random): number {
  const full = Math.min(cap, base * 2 ** Math.max(0, attempts - 1));
  return Math.max(1, Math.round(full / 2 + (random() * full) / 2));
}

/**
 * Claims the jobs due now and runs each once with its handler. Safe to call from several instances at once
 * (each job is claimed by one), and again while a previous run is still going (it then claims other jobs).
 */
export async function runDueJobs(handlers: Record<string, JobHandler>, opts: RunOptions = {}): Promise<RunReport> {
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  const worker = opts.worker ?? WORKER_ID;
  const jobs = await claimDueJobs({ now, limit: opts.limit ?? 20, leaseSeconds: LEASE_SECONDS, worker });
  const report: RunReport = { done: [], retried: [], failed: [] };
  await Promise.all(
    jobs.map(async (job) => {
      const jlog = log('jobs').child({ jobId: job.id, kind: job.kind, attempt: job.attempts, ...(job.orgId && { orgId: job.orgId }), ...(job.actor && { actorSub: job.actor.sub }) });
      metrics().jobLag.observe({ kind: job.kind }, Math.max(0, now - job.scheduledAt));
      const handler = handlers[job.kind];
      try {
        if (!handler) throw new PermanentJobError(`no handler for job kind ${job.kind}`);
        await handler(job);
        if (await completeJob(job.id, worker)) {
          report.done.push(job.id);
          metrics().jobRuns.inc({ kind: job.kind, outcome: 'done' });
          jlog.info({ lagSeconds: now - job.scheduledAt }, 'job done');
        } else {
          jlog.warn('job finished after its lease was taken over; its result stands, the row was left to the other runner');
        }
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        const permanent = err instanceof PermanentJobError || job.attempts >= job.maxAttempts;
        const retryAt = permanent ? null : now + backoffSeconds(job.attempts, opts.backoffSeconds, opts.maxBackoffSeconds);
        await failJob(job.id, message, retryAt, worker).catch((e: unknown) => jlog.error({ error: errorFields(e) }, 'could not record a job failure'));
        if (retryAt === null) {
          report.failed.push(job.id);
          metrics().jobRuns.inc({ kind: job.kind, outcome: 'failed' });
          jlog.error({ error: errorFields(err), attempts: job.attempts }, 'job failed for good; it needs a person (admin alerts page)');
        } else {
          report.retried.push(job.id);
          metrics().jobRuns.inc({ kind: job.kind, outcome: 'retry' });
          jlog.warn({ error: errorFields(err), retryAt, retryInSeconds: retryAt - now }, 'job failed; retrying with backoff');
        }
      }
    }),
  );
  return report;
}
