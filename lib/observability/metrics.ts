import 'server-only';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

function build() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'portal_' });
  const m = {
    registry,
    httpDuration: new Histogram({
      name: 'portal_http_request_duration_seconds',
      help: 'Portal API requests by route template, method and status',
      labelNames: ['route', 'method', 'status'] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    upstreamDuration: new Histogram({
      name: 'portal_upstream_request_duration_seconds',
      help: 'Attempts at Devin API calls by route template and status (0 = no answer)',
      labelNames: ['route', 'status'] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    upstreamErrors: new Counter({
      name: 'portal_upstream_errors_total',
      help: 'Devin answers that were 429, 5xx, a timeout or a network failure, by route template',
      labelNames: ['route', 'kind'] as const,
      registers: [registry],
    }),
    upstreamRetries: new Counter({
      name: 'portal_upstream_retries_total',
      help: 'Retries of Devin reads after 408/429/5xx/network failure, by route template',
      labelNames: ['route'] as const,
      registers: [registry],
    }),
    rateLimitRejections: new Counter({
      name: 'portal_rate_limit_rejections_total',
      help: 'Requests the portal refused with 429, by limit',
      labelNames: ['limit'] as const,
      registers: [registry],
    }),
    cacheLookups: new Counter({
      name: 'portal_cache_lookups_total',
      help: 'Cache look-ups by cache and result (hit, miss); hit ratio = hit / (hit + miss)',
      labelNames: ['cache', 'result'] as const,
      registers: [registry],
    }),
    jobRuns: new Counter({
      name: 'portal_job_runs_total',
      help: 'Job attempts by kind and outcome (done, retry, failed)',
      labelNames: ['kind', 'outcome'] as const,
      registers: [registry],
    }),
    jobLag: new Histogram({
      name: 'portal_job_lag_seconds',
      help: 'How late a job started after its due time, by kind',
      labelNames: ['kind'] as const,
      buckets: [0.5, 1, 5, 15, 30, 60, 300, 900, 3600, 6 * 3600],
      registers: [registry],
    }),
    jobsOverdue: new Gauge({
      name: 'portal_jobs_overdue',
      help: 'Jobs not done beyond JOBS_OVERDUE_SECONDS after their due time, as last seen by this instance',
      registers: [registry],
    }),
    jobsFailed: new Gauge({
      name: 'portal_jobs_failed',
      help: 'Jobs that used up their attempts and need a person, as last seen by this instance',
      registers: [registry],
    }),
    alertsOpened: new Counter({
      name: 'portal_alerts_opened_total',
      help: 'Alert episodes opened, by kind',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    alertDeliveries: new Counter({
      name: 'portal_alert_deliveries_total',
      help: 'Webhook deliveries of alerts, by outcome (sent, failed)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
  };
  return m;
}

export type PortalMetrics = ReturnType<typeof build>;

// One registry per process, shared by the instrumentation bundle and the route bundles.
const holder = globalThis as typeof globalThis & { __portalMetrics?: PortalMetrics };

export function metrics(): PortalMetrics {
  return (holder.__portalMetrics ??= build());
}

/** Prometheus text exposition of every portal metric. */
export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  const { registry } = metrics();
  return { body: await registry.metrics(), contentType: registry.contentType };
}

/** For rate limiters: count one refused request under the limit's name. */
export function countRateLimitRejection(limit: string): void {
  metrics().rateLimitRejections.inc({ limit });
}

/** For caches: count one look-up. */
export function countCacheLookup(cache: string, hit: boolean): void {
  metrics().cacheLookups.inc({ cache, result: hit ? 'hit' : 'miss' });
}
