import 'server-only';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { noteUpstreamStatus, observeUpstreamAttempt } from '@/lib/observability/upstream';
import { createApiKeysApi, type ApiKeysApi } from './api-keys';
import { createAuditLogsApi, type AuditLogsApi } from './audit-logs';
import { createConsumptionApi, type ConsumptionApi } from './consumption';
import { errorFromResponse, InputError, UpstreamError, type FieldError, type UpstreamErrorCode } from './errors';
import { createMembersApi, type MembersApi } from './members';
import { createOrganizationsApi, type OrganizationsApi } from './organizations';
import { backoffDelayMs, isRetryable, parseRetryAfter, sleep } from './retry';
import { createRolesApi, type RolesApi } from './roles';
import { createSelfApi, type SelfApi } from './self';
import { UpstreamBudget, type RawAnswer } from './transport-budget';
import { createServiceUsersApi, type ServiceUsersApi } from './service-users';
import { createSessionsApi, type SessionsApi } from './sessions';

/** Names the portal to Devin (and lets the emulator hold the portal's requests to the published contract). */
export const USER_AGENT = 'devin-portal/1';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type QueryValue = string | number | boolean | readonly string[] | null | undefined;

/** One upstream request, described by the resource modules. */
export interface UpstreamCall<T> {
  method: HttpMethod;
  /** Path template with its prefix, `{name}` placeholders filled from `params`: `/v3/enterprise/organizations/{org_id}`. */
  path: string;
  params?: Record<string, string>;
  /** Snake_case keys as sent; arrays become repeated keys, null/undefined are left out. */
  query?: Record<string, QueryValue>;
  querySchema?: z.ZodType;
  body?: unknown;
  bodySchema?: z.ZodType;
  response: z.ZodType<T>;
  signal?: AbortSignal;
  /** Never answered from the shared-read window (still joins an identical read in flight). */
  fresh?: boolean;
}

export type Transport = <T>(call: UpstreamCall<T>) => Promise<T>;

/** Reported before each retry wait. Carries no secrets, so it can be logged as is. */
export interface RetryInfo {
  route: string;
  requestId: string;
  /** 1 for the first retry. */
  retry: number;
  delayMs: number;
  /** What failed: the upstream status, or 0 for a network failure. */
  status: number;
  code: UpstreamErrorCode;
}

export interface DevinClientConfig {
  /** E.g. `https://api.devin.ai`; a trailing slash is ignored. */
  baseUrl: string;
  token: string;
  /** Per attempt. Default 15 000. */
  timeoutMs?: number;
  /** Retries of a GET after 408/429/5xx/network failure. Default 2. */
  maxRetries?: number;
  /** No retry starts later than this many ms after the first attempt. Default 10 000. */
  retryBudgetMs?: number;
  /** Backoff base: retry n waits uniformly in [0, base · 2^n) unless Retry-After says otherwise. Default 500. */
  retryBaseMs?: number;
  fetch?: typeof fetch;
  onRetry?: (info: RetryInfo) => void;
  /** Upstream requests in flight at once through this client (one client per instance). Default 16. */
  maxConcurrent?: number;
  /** Identical reads in flight, or answered within this many ms, are made once. Default 1000; 0 shares in-flight reads only. */
  shareReadsMs?: number;
  /** The budget's millisecond clock (default Date.now), so tests can move it. */
  now?: () => number;
  /** A budget shared with other clients of this process (the portal's bundles share one); else the client makes its own. */
  budget?: UpstreamBudget;
}

export interface DevinClient {
  self: SelfApi;
  organizations: OrganizationsApi;
  roles: RolesApi;
  members: MembersApi;
  sessions: SessionsApi;
  serviceUsers: ServiceUsersApi;
  apiKeys: ApiKeysApi;
  consumption: ConsumptionApi;
  auditLogs: AuditLogsApi;
  /** The same client with every call also cancelled when `signal` aborts (the abort reason is rethrown as is). */
  withSignal(signal: AbortSignal): DevinClient;
  /** The same client whose reads never take an answer shared from the last moment (for reads the caller caches itself). */
  fresh(): DevinClient;
  /** The instance's upstream budget: concurrency, the 429 pause and shared reads (with counters). */
  budget: UpstreamBudget;
}

interface Settings {
  baseUrl: string;
  authorization: string;
  timeoutMs: number;
  maxRetries: number;
  retryBudgetMs: number;
  retryBaseMs: number;
  fetch: typeof fetch;
  onRetry?: (info: RetryInfo) => void;
  budget: UpstreamBudget;
}

/** A typed Devin v3 client. Every call goes through one transport: timeout, retries for reads only, typed errors, validated responses. */
export function createDevinClient(config: DevinClientConfig): DevinClient {
  if (!config.token) throw new TypeError('createDevinClient: a token is required');
  const baseUrl = config.baseUrl.replace(/\/+$/, '');
  if (!URL.canParse(baseUrl)) throw new TypeError(`createDevinClient: baseUrl is not a URL: ${baseUrl}`);
  const settings: Settings = {
    baseUrl,
    authorization: `Bearer ${config.token}`,
    timeoutMs: config.timeoutMs ?? 15_000,
    maxRetries: config.maxRetries ?? 2,
    retryBudgetMs: config.retryBudgetMs ?? 10_000,
    retryBaseMs: config.retryBaseMs ?? 500,
    fetch: config.fetch ?? fetch,
    onRetry: config.onRetry,
    budget: config.budget ?? new UpstreamBudget({ maxConcurrent: config.maxConcurrent ?? 16, shareReadsMs: config.shareReadsMs ?? 1000, now: config.now }),
  };
  return buildClient((call) => send(settings, call), settings.budget);
}

function buildClient(transport: Transport, budget: UpstreamBudget): DevinClient {
  return {
    budget,
    self: createSelfApi(transport),
    organizations: createOrganizationsApi(transport),
    roles: createRolesApi(transport),
    members: createMembersApi(transport),
    sessions: createSessionsApi(transport),
    serviceUsers: createServiceUsersApi(transport),
    apiKeys: createApiKeysApi(transport),
    consumption: createConsumptionApi(transport),
    auditLogs: createAuditLogsApi(transport),
    withSignal: (signal) => buildClient((call) => transport({ ...call, signal }), budget),
    fresh: () => buildClient((call) => transport({ ...call, fresh: true }), budget),
  };
}

/** The one transport. Only GETs are retried: v3 has no idempotency key, so a repeated write could act twice. */
async function send<T>(s: Settings, call: UpstreamCall<T>): Promise<T> {
  const route = `${call.method} ${call.path}`;
  const url = buildUrl(s.baseUrl, route, call);
  const body = call.bodySchema ? validateInput(route, call.bodySchema, call.body) : call.body;
  const requestId = randomUUID();
  const started = Date.now();
  for (let retry = 0; ; retry++) {
    try {
      return await observeUpstreamAttempt({ route, requestId, retry }, () => attempt(s, call, { route, url, body, requestId }));
    } catch (err) {
      if (!(err instanceof UpstreamError) || call.method !== 'GET' || retry >= s.maxRetries || !isRetryable(err)) throw err;
      const delayMs = err.retryAfterSeconds !== undefined ? err.retryAfterSeconds * 1000 : backoffDelayMs(s.retryBaseMs, retry);
      if (Date.now() - started + delayMs > s.retryBudgetMs) throw err;
      s.onRetry?.({ route, requestId, retry: retry + 1, delayMs, status: err.status, code: err.code });
      await sleep(delayMs, call.signal);
    }
  }
}

async function attempt<T>(
  s: Settings,
  call: UpstreamCall<T>,
  req: { route: string; url: URL; body: unknown; requestId: string },
): Promise<T> {
  const { route, requestId } = req;
  const shareable = call.method === 'GET';
  const answer = await s.budget.send(
    call.method,
    req.url.href,
    // A shared read is not cancelled by one caller's signal (the others still want it); each caller still stops waiting.
    () => fetchAnswer(s, call, req, shareable ? undefined : call.signal),
    call.signal,
    call.fresh,
  );
  if (answer.failure) throw new UpstreamError({ status: 0, code: answer.failure.code, route, requestId, message: answer.failure.message });
  const upstreamRequestId = answer.requestId ?? requestId;
  if (answer.status < 200 || answer.status >= 300) {
    const retryAfterSeconds = parseRetryAfter(answer.retryAfter, Date.now());
    if (answer.status === 429) s.budget.pauseFor((retryAfterSeconds ?? 1) * 1000);
    throw errorFromResponse({
      route,
      status: answer.status,
      statusText: answer.statusText,
      bodyText: answer.text,
      requestId: upstreamRequestId,
      retryAfterSeconds,
    });
  }
  return parseResponse(call.response, answer.text, { route, status: answer.status, requestId: upstreamRequestId });
}

async function fetchAnswer(
  s: Settings,
  call: UpstreamCall<unknown>,
  req: { route: string; url: URL; body: unknown; requestId: string },
  signal: AbortSignal | undefined,
): Promise<RawAnswer> {
  const { route, requestId } = req;
  const timeout = AbortSignal.timeout(s.timeoutMs);
  const headers: Record<string, string> = {
    Authorization: s.authorization,
    Accept: 'application/json',
    'User-Agent': USER_AGENT,
    'X-Request-ID': requestId,
  };
  if (req.body !== undefined) headers['Content-Type'] = 'application/json';
  try {
    const res = await s.fetch(req.url, {
      method: call.method,
      headers,
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      // Never follow a redirect: the bearer token must only ever go to the configured host.
      redirect: 'manual',
    });
    const text = await res.text();
    noteUpstreamStatus(res.status);
    return {
      status: res.status,
      statusText: res.statusText,
      text,
      requestId: res.headers.get('x-request-id') ?? res.headers.get('request-id'),
      retryAfter: res.headers.get('retry-after'),
    };
  } catch (err) {
    if (signal?.aborted) throw signal.reason;
    const none = { status: 0, statusText: '', text: '', requestId: null, retryAfter: null };
    if (timeout.aborted) return { ...none, failure: { code: 'upstream_timeout', message: `${route}: no answer within ${s.timeoutMs} ms` } };
    // Only the error code is kept: the underlying error is never attached, so nothing request-shaped can leak.
    const reason = (err as { cause?: { code?: unknown } }).cause?.code;
    return { ...none, failure: { code: 'upstream_error', message: `${route}: network error (${typeof reason === 'string' ? reason : 'fetch failed'})` } };
  }
}

/** Schema drift in a 2xx body becomes an `upstream_error` naming the route and the first bad field. */
function parseResponse<T>(schema: z.ZodType<T>, text: string, r: { route: string; status: number; requestId: string }): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw drift(r, 'response body is not JSON');
  }
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const [issue, ...more] = result.error.issues;
  const where = issue?.path.length ? `response field ${issue.path.map(String).join('.')}` : 'response body';
  const what = (issue?.message ?? 'invalid').replace(/^Invalid input: /, '');
  throw drift(r, `${where}: ${what}${more.length ? ` (and ${more.length} more)` : ''}`);
}

function drift(r: { route: string; status: number; requestId: string }, detail: string): UpstreamError {
  return new UpstreamError({
    status: r.status,
    code: 'upstream_error',
    route: r.route,
    requestId: r.requestId,
    message: `${r.route}: ${detail}`,
    upstreamMessage: detail,
  });
}

function buildUrl(baseUrl: string, route: string, call: UpstreamCall<unknown>): URL {
  const problems: FieldError[] = [];
  const path = call.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = call.params?.[name];
    // `.`/`..` would be normalised away by URL and address a different route.
    if (!value || value === '.' || value === '..') {
      problems.push({ field: camelCase(name), message: 'must be a non-empty id' });
      return '_';
    }
    return encodeURIComponent(value);
  });
  if (problems.length) throw new InputError(route, problems);
  const query = call.querySchema ? (validateInput(route, call.querySchema, call.query ?? {}) as Record<string, QueryValue>) : (call.query ?? {});
  const url = new URL(baseUrl + path);
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'object') for (const item of value) url.searchParams.append(key, item);
    else url.searchParams.append(key, String(value));
  }
  return url;
}

/** Parses with a wire (snake_case) schema; failures name the caller's camelCase field. */
function validateInput(route: string, schema: z.ZodType, value: unknown): unknown {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new InputError(
    route,
    result.error.issues.map((issue) => ({ field: issue.path.map((p) => camelCase(String(p))).join('.') || 'input', message: issue.message })),
  );
}

function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
