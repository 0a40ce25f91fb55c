import 'server-only';
import { log } from '@/lib/observability/logger';
import { watchPortalToken } from '@/lib/alerts/token-watch';
import { env, type Env } from '@/lib/env';
import { createDevinClient, type DevinClient } from './client';

export { createDevinClient, type DevinClient, type DevinClientConfig, type RetryInfo } from './client';
export { describeUpstreamError, InputError, UpstreamError, type FieldError, type UpstreamErrorCode } from './errors';
export { collectAll, paginate, type FetchPage, type PaginateOptions } from './pagination';
export type * from './types';

// On globalThis: Next.js bundles route handlers and pages separately, each with its own copy of this module, yet the
// instance must have one client: one upstream budget, and one read cache that the portal's own writes clear.
const holder = globalThis as typeof globalThis & { __portalDevinClient?: { config: Env; client: DevinClient } };

/** The portal's Devin client, built from `env()` once (rebuilt only if the configuration is reloaded). */
export function getDevinClient(): DevinClient {
  const config = env();
  if (holder.__portalDevinClient?.config !== config) {
    const client = createDevinClient({
      baseUrl: config.DEVIN_API_URL,
      token: config.DEVIN_SERVICE_USER_TOKEN,
      timeoutMs: config.DEVIN_TIMEOUT_MS,
      maxConcurrent: config.DEVIN_MAX_CONCURRENCY,
      shareReadsMs: config.DEVIN_SHARE_READS_MS,
      onRetry: (r) => log('upstream').warn({ upstream: r.route, status: r.status, code: r.code, retry: r.retry, delayMs: r.delayMs, upstreamRequestId: r.requestId }, 'retrying upstream read'),
      fetch: watchPortalToken(fetch),
    });
    holder.__portalDevinClient = { config, client };
  }
  return holder.__portalDevinClient.client;
}
