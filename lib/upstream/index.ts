import 'server-only';
import { createHash } from 'node:crypto';
import { log } from '@/lib/observability/logger';
import { watchPortalToken } from '@/lib/alerts/token-watch';
import { env, type Env } from '@/lib/env';
import { createDevinClient, type DevinClient } from './client';
import { createKeepAliveFetch } from './keep-alive-fetch';
import { UpstreamBudget } from './transport-budget';

export { createDevinClient, type DevinClient, type DevinClientConfig, type RetryInfo } from './client';
export { describeUpstreamError, InputError, UpstreamError, type FieldError, type UpstreamErrorCode } from './errors';
export { collectAll, paginate, type FetchPage, type PaginateOptions } from './pagination';
export type * from './types';

let cached: { config: Env; client: DevinClient } | undefined;

// On globalThis: Next.js bundles route handlers and pages separately, each with its own copy of this module (and of
// the error classes its client throws, so each bundle keeps its own client), yet the instance must have one upstream
// budget: one concurrency cap, one 429 pause, and one read cache that the portal's own writes clear for every page;
// and one pool of keep-alive sockets to Devin, as many as the cap.
interface SharedUpstream {
  key: string;
  budget: UpstreamBudget;
  fetch: typeof fetch;
}
const shared = globalThis as typeof globalThis & { __portalUpstreamBudget?: SharedUpstream };

/** Names the Devin deployment and credential the portal calls with (a hash, never the token): for caches of its answers. */
export function upstreamCredentialKey(config: Env = env()): string {
  const token = createHash('sha256').update(config.DEVIN_SERVICE_USER_TOKEN).digest('hex').slice(0, 16);
  return `${config.DEVIN_API_URL}|${token}`;
}

function sharedUpstream(config: Env): SharedUpstream {
  // Per token too: an answer given to one credential must never be shared with a request made with another.
  const key = `${upstreamCredentialKey(config)}|${config.DEVIN_MAX_CONCURRENCY}|${config.DEVIN_SHARE_READS_MS}`;
  if (shared.__portalUpstreamBudget?.key !== key) {
    shared.__portalUpstreamBudget = {
      key,
      budget: new UpstreamBudget({ maxConcurrent: config.DEVIN_MAX_CONCURRENCY, shareReadsMs: config.DEVIN_SHARE_READS_MS }),
      fetch: createKeepAliveFetch({ maxSockets: config.DEVIN_MAX_CONCURRENCY }),
    };
  }
  return shared.__portalUpstreamBudget;
}

/** The portal's Devin client, built from `env()` once (rebuilt only if the configuration is reloaded). */
export function getDevinClient(): DevinClient {
  const config = env();
  if (cached?.config !== config) {
    const upstream = sharedUpstream(config);
    const client = createDevinClient({
      baseUrl: config.DEVIN_API_URL,
      token: config.DEVIN_SERVICE_USER_TOKEN,
      timeoutMs: config.DEVIN_TIMEOUT_MS,
      budget: upstream.budget,
      onRetry: (r) => log('upstream').warn({ upstream: r.route, status: r.status, code: r.code, retry: r.retry, delayMs: r.delayMs, upstreamRequestId: r.requestId }, 'retrying upstream read'),
      fetch: watchPortalToken(upstream.fetch),
    });
    cached = { config, client };
  }
  return cached.client;
}
