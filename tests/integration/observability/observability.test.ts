import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoOrgId, startEmulator, type RunningEmulator } from '@/emulator';
import type * as Logger from '@/lib/observability/logger';
import type * as Metrics from '@/lib/observability/metrics';
import type * as Settings from '@/lib/observability/settings';
import type * as Storage from '@/lib/storage/db';
import { setPortalEnv } from '../../helpers/portal-env';
import { startWebhookReceiver } from '../../helpers/webhook-receiver';

let emulator: RunningEmulator;
let token: string;
let dir: string;
let logger: typeof Logger;
let metrics: typeof Metrics;
let settings: typeof Settings;
let storage: typeof Storage;
const PAYMENTS = demoOrgId('payments');

function pointAt(t: string, extra: Record<string, string> = {}) {
  setPortalEnv({ url: emulator.url, token: t }, { DATABASE_URL: `file:${join(dir, 'portal.db')}`, ...extra });
  settings.resetOpsSettings();
}

/** A logger whose every serialised line lands in `lines`, installed as the portal's logger. */
function captureLogs() {
  const lines: string[] = [];
  logger.setLogger(logger.createLogger({ level: 'debug', destination: { write: (s: string) => void lines.push(s) } }));
  return lines;
}

const devin = async () => (await import('@/lib/upstream')).getDevinClient();

beforeAll(async () => {
  token = `cog_${randomBytes(20).toString('hex')}`;
  emulator = await startEmulator({ port: 0, adminToken: token });
  dir = mkdtempSync(join(tmpdir(), 'portal-observability-'));
  [logger, metrics, settings, storage] = await Promise.all([
    import('@/lib/observability/logger'),
    import('@/lib/observability/metrics'),
    import('@/lib/observability/settings'),
    import('@/lib/storage/db'),
  ]);
  pointAt(token);
});

afterEach(() => {
  emulator.clearFaults();
  logger.setLogger(undefined);
  for (const key of ['METRICS_TOKEN', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'HEALTH_PROBE_TTL_MS']) delete process.env[key];
  pointAt(token);
});

afterAll(async () => {
  await storage?.closeDb();
  await emulator?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('structured logs', () => {
  it('never writes a cog_ token, whichever way it reaches the logger', async () => {
    const lines = captureLogs();
    const log = logger.log('test');
    log.info({ token, headers: { authorization: `Bearer ${token}` }, config: { DEVIN_SERVICE_USER_TOKEN: token } }, `a message quoting ${token}`);
    log.error({ error: logger.errorFields(new Error(`upstream said ${token} is bad`)) }, 'error field');
    log.error({ err: new Error(`thrown with ${token}`) }, 'pino err serializer with a stack');
    log.warn({ deep: { list: [token], nested: { more: `x-${token}-y` } } }, 'arrays and nested strings');

    // Real flows: a retried read, a rejected token, a server error mapped by the API layer.
    emulator.failNext({ match: 'GET /v3/self', status: 503 });
    await (await devin()).self.get();
    const wrong = `cog_${randomBytes(20).toString('hex')}`;
    pointAt(wrong);
    await expect((await devin()).self.get()).rejects.toMatchObject({ status: 401 });
    const { toErrorResponse } = await import('@/lib/api/errors');
    toErrorResponse(new Error(`database said ${token} and ${wrong}`), 'req-redaction');

    const text = lines.join('');
    expect(lines.length).toBeGreaterThanOrEqual(8);
    for (const secret of [token, wrong, token.slice(4), wrong.slice(4)]) expect(text).not.toContain(secret);
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(first).toMatchObject({ level: 30, component: 'test', token: '[redacted]', headers: { authorization: '[redacted]' }, config: { DEVIN_SERVICE_USER_TOKEN: '[redacted]' } });
    expect(first.msg).toBe('a message quoting cog_[redacted]');
    const api = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.component === 'api')!;
    expect(api).toMatchObject({ requestId: 'req-redaction', code: 'internal_error', error: { message: 'database said cog_[redacted] and cog_[redacted]' } });
  });

  it('logs each upstream attempt with route template, status, retry and duration, inside the request it serves', async () => {
    const lines = captureLogs();
    const { observeRequest } = await import('@/lib/observability/request');
    const { noteRequestUser } = await import('@/lib/observability/request');
    emulator.failNext({ match: 'GET /v3/enterprise/organizations/*', status: 429, retryAfterSeconds: 0 });
    const req = new Request(`http://localhost/api/orgs/${PAYMENTS}`);
    const res = await observeRequest(req, { params: Promise.resolve({ orgId: PAYMENTS }) }, 'req-logs-1', async () => {
      noteRequestUser('sub-carol');
      await (await devin()).organizations.get(PAYMENTS);
      return Response.json({}, { status: 201 });
    });
    expect(res.status).toBe(201);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const upstream = parsed.filter((l) => l.component === 'upstream' && l.upstream === 'GET /v3/enterprise/organizations/{org_id}');
    expect(upstream.map((l) => [l.msg, l.status, l.retry])).toEqual([
      ['upstream call failed', 429, 0],
      ['retrying upstream read', 429, 1],
      ['upstream call', 200, 1],
    ]);
    expect(upstream[0]).toMatchObject({ requestId: 'req-logs-1', route: '/api/orgs/[orgId]', userId: 'sub-carol', msg: 'upstream call failed' });
    expect(typeof upstream[2]!.durationMs).toBe('number');
    const requests = parsed.filter((l) => l.component === 'http');
    expect(requests).toEqual([
      expect.objectContaining({ msg: 'request', requestId: 'req-logs-1', method: 'GET', route: '/api/orgs/[orgId]', status: 201, userId: 'sub-carol', durationMs: expect.any(Number) }),
    ]);
    expect(JSON.stringify(requests)).not.toContain('@');
  });
});

describe('metrics', () => {
  it('exposes request and upstream latency, upstream 429/5xx and retries, jobs, caches and rate limits by name', async () => {
    emulator.failNext({ match: 'GET /v3/self', status: 429, retryAfterSeconds: 0 });
    emulator.failNext({ match: 'GET /v3/self', status: 502 });
    await (await devin()).self.get();
    const { observeRequest } = await import('@/lib/observability/request');
    await observeRequest(new Request('http://localhost/api/me'), undefined, 'req-metrics', async () => new Response(null, { status: 204 }));
    metrics.countCacheLookup('org-access', true);
    metrics.countRateLimitRejection('sessions.start');

    const { body } = await metrics.renderMetrics();
    for (const name of [
      'portal_http_request_duration_seconds_bucket',
      'portal_upstream_request_duration_seconds_bucket',
      'portal_upstream_errors_total',
      'portal_upstream_retries_total',
      'portal_rate_limit_rejections_total',
      'portal_cache_lookups_total',
      'portal_job_runs_total',
      'portal_job_lag_seconds',
      'portal_jobs_overdue',
      'portal_jobs_failed',
      'portal_alerts_opened_total',
      'portal_alert_deliveries_total',
      'portal_process_resident_memory_bytes',
    ]) {
      expect(body, name).toContain(name);
    }
    expect(body).toMatch(/portal_upstream_errors_total\{route="GET \/v3\/self",kind="429"\} [1-9]/);
    expect(body).toMatch(/portal_upstream_errors_total\{route="GET \/v3\/self",kind="5xx"\} [1-9]/);
    expect(body).toMatch(/portal_upstream_retries_total\{route="GET \/v3\/self"\} [2-9]/);
    expect(body).toMatch(/portal_http_request_duration_seconds_count\{route="\/api\/me",method="GET",status="204"\} 1/);
    expect(body).toContain('portal_cache_lookups_total{cache="org-access",result="hit"} 1');
    expect(body).toContain('portal_rate_limit_rejections_total{limit="sessions.start"} 1');
  });

  it('serves /api/metrics only with the admin token, and not at all without one configured', async () => {
    const { GET } = await import('@/app/api/metrics/route');
    expect((await GET(new Request('http://localhost/api/metrics'))).status).toBe(404);
    const metricsToken = randomBytes(24).toString('hex');
    pointAt(token, { METRICS_TOKEN: metricsToken });
    expect((await GET(new Request('http://localhost/api/metrics'))).status).toBe(401);
    expect((await GET(new Request('http://localhost/api/metrics', { headers: { Authorization: `Bearer ${metricsToken}x` } }))).status).toBe(401);
    const ok = await GET(new Request('http://localhost/api/metrics', { headers: { Authorization: `Bearer ${metricsToken}` } }));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/text\/plain/);
    expect(await ok.text()).toContain('portal_upstream_request_duration_seconds');
  });

  it('serves /metrics on its own listener', async () => {
    const { startMetricsServer } = await import('@/lib/observability/metrics-server');
    const server = await startMetricsServer(0, '127.0.0.1');
    try {
      const { port } = server.address() as { port: number };
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('portal_http_request_duration_seconds');
      expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(404);
    } finally {
      await new Promise((r) => server.close(r));
      (globalThis as { __portalMetricsServer?: unknown }).__portalMetricsServer = undefined;
    }
  });
});

describe('traces', () => {
  it('makes one client span per upstream attempt with the route template and the portal request id', async () => {
    const { startTracing } = await import('@/lib/observability/tracing');
    const { runWithRequestContext } = await import('@/lib/observability/context');
    const exporter = new InMemorySpanExporter();
    const tracing = startTracing({ exporter })!;
    try {
      emulator.failNext({ match: 'GET /v3/enterprise/organizations/*', status: 503 });
      await runWithRequestContext({ requestId: 'req-span-1', method: 'GET', route: '/api/orgs/[orgId]' }, async () => (await devin()).organizations.get(PAYMENTS));
      await tracing.flush();
      const spans = exporter.getFinishedSpans().filter((s) => s.attributes['portal.request_id'] === 'req-span-1');
      expect(spans.map((s) => [s.name, s.attributes['http.route'], s.attributes['http.response.status_code'], s.attributes['http.request.resend_count']])).toEqual([
        ['devin GET /v3/enterprise/organizations/{org_id}', '/v3/enterprise/organizations/{org_id}', 503, 0],
        ['devin GET /v3/enterprise/organizations/{org_id}', '/v3/enterprise/organizations/{org_id}', 200, 1],
      ]);
      expect(spans[0]!.attributes['devin.request_id']).toEqual(expect.any(String));
      expect(JSON.stringify(spans.map((s) => s.attributes))).not.toContain(token.slice(4));
    } finally {
      await tracing.shutdown();
    }
  });

  it('exports spans over OTLP/HTTP when an endpoint is configured, and not otherwise', async () => {
    const { startTracing } = await import('@/lib/observability/tracing');
    const { runWithRequestContext } = await import('@/lib/observability/context');
    expect(startTracing()).toBeNull();
    const collector = await startWebhookReceiver('/v1/traces');
    try {
      pointAt(token, { OTEL_EXPORTER_OTLP_ENDPOINT: new URL(collector.url).origin });
      const tracing = startTracing()!;
      await runWithRequestContext({ requestId: 'req-otlp-1', method: 'GET', route: '/api/health' }, async () => (await devin()).self.get());
      await tracing.flush();
      await tracing.shutdown();
      const posts = collector.received.filter((r) => r.path === '/v1/traces');
      expect(posts.length).toBeGreaterThan(0);
      type Attr = { key: string; value: { stringValue?: string } };
      const spans = posts.flatMap(
        (p) => (p.json as { resourceSpans: { scopeSpans: { spans: { name: string; attributes: Attr[] }[] }[] }[] }).resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)),
      );
      const span = spans.find((s) => s.attributes.some((a) => a.key === 'portal.request_id' && a.value.stringValue === 'req-otlp-1'))!;
      expect(span.name).toBe('devin GET /v3/self');
      expect(span.attributes.find((a) => a.key === 'http.route')?.value.stringValue).toBe('/v3/self');
      expect(posts.map((p) => p.body).join('')).not.toContain(token.slice(4));
    } finally {
      await collector.close();
    }
  });
});

describe('health, liveness, readiness', () => {
  const selfCalls = () => emulator.requests().filter((r) => r.path === '/v3/self').length;

  it('answers many anonymous callers from one cached probe, without detail', async () => {
    const { GET } = await import('@/app/api/health/route');
    const { resetHealthProbe } = await import('@/lib/observability/health');
    resetHealthProbe();
    emulator.clearRequests();
    const answers = await Promise.all(Array.from({ length: 40 }, () => GET(new Request('http://localhost/api/health'))));
    expect(answers.map((r) => r.status)).toEqual(Array(40).fill(200));
    expect(new Set(await Promise.all(answers.map((r) => r.text())))).toEqual(new Set(['{"status":"ok"}']));
    expect(selfCalls()).toBe(1);
    await GET(new Request('http://localhost/api/health'));
    expect(selfCalls()).toBe(1);
  });

  it('probes once without retries when Devin fails, and gives detail only to the ops token', async () => {
    const metricsToken = randomBytes(24).toString('hex');
    pointAt(token, { METRICS_TOKEN: metricsToken, HEALTH_PROBE_TTL_MS: '500' });
    const { GET } = await import('@/app/api/health/route');
    const { resetHealthProbe } = await import('@/lib/observability/health');
    resetHealthProbe();
    emulator.clearRequests();
    emulator.setFaults({ rules: [{ match: 'GET /v3/self', rate5xx: 1 }] });
    const anonymous = await GET(new Request('http://localhost/api/health'));
    expect(anonymous.status).toBe(503);
    expect(await anonymous.json()).toEqual({ status: 'degraded' });
    const detailed = await GET(new Request('http://localhost/api/health', { headers: { Authorization: `Bearer ${metricsToken}` } }));
    expect(await detailed.json()).toMatchObject({ status: 'degraded', upstream: { reachable: false, status: 503, code: 'upstream_error' } });
    expect(selfCalls()).toBe(1);
    emulator.clearFaults();
    await new Promise((r) => setTimeout(r, 600));
    expect((await GET(new Request('http://localhost/api/health'))).status).toBe(200);
    expect(selfCalls()).toBe(2);
  });

  it('liveness makes no upstream call; readiness checks the store and the cached probe', async () => {
    const live = await import('@/app/api/health/live/route');
    const ready = await import('@/app/api/health/ready/route');
    const { resetHealthProbe } = await import('@/lib/observability/health');
    resetHealthProbe();
    emulator.clearRequests();
    const alive = live.GET();
    expect(alive.status).toBe(200);
    expect(await alive.json()).toMatchObject({ status: 'live' });
    expect(emulator.requests()).toEqual([]);

    const ok = await ready.GET();
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'ready', checks: { store: 'ok', upstream: 'ok' } });
    expect(selfCalls()).toBe(1);

    resetHealthProbe();
    emulator.setFaults({ rules: [{ match: 'GET /v3/self', rate5xx: 1 }] });
    const down = await ready.GET();
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'not-ready', checks: { store: 'ok', upstream: 'failing' } });

    // A store that cannot be opened fails readiness by name.
    emulator.clearFaults();
    resetHealthProbe();
    await storage.closeDb();
    pointAt(token, { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    const noStore = await ready.GET();
    expect(noStore.status).toBe(503);
    expect(await noStore.json()).toEqual({ status: 'not-ready', checks: { store: 'failing', upstream: 'ok' } });
    await storage.closeDb();
  });
});

describe('route templates', () => {
  it('names dynamic segments by their parameter, and copes with routes that have none', async () => {
    const { routeTemplate } = await import('@/lib/observability/request');
    const at = (path: string) => new Request(`http://localhost${path}`);
    expect(await routeTemplate(at('/api/orgs/org-1/sessions/s%202'), { params: Promise.resolve({ orgId: 'org-1', sessionId: 's 2' }) })).toBe('/api/orgs/[orgId]/sessions/[sessionId]');
    expect(await routeTemplate(at('/api/orgs'), {})).toBe('/api/orgs');
    expect(await routeTemplate(at('/api/orgs'), undefined)).toBe('/api/orgs');
    expect(await routeTemplate(at('/api/auth/callback/sso'), { params: Promise.resolve({ nextauth: ['callback', 'sso'] }) })).toBe('/api/auth/[...nextauth]');
  });
});

describe('cache metrics', () => {
  it('counts org-access look-ups as misses, then hits', async () => {
    const { getOrgAccess, forgetOrgAccess } = await import('@/lib/access/org-access');
    const value = async (result: string) => (await metrics.metrics().cacheLookups.get()).values.find((v) => v.labels.cache === 'org-access' && v.labels.result === result)?.value ?? 0;
    await forgetOrgAccess();
    const [hits, misses] = [await value('hit'), await value('miss')];
    const carol = { id: 'sub-carol', email: 'carol@acme.test', name: 'Carol', role: 'member' as const };
    await getOrgAccess(carol);
    await getOrgAccess(carol);
    await getOrgAccess(carol);
    expect(await value('miss')).toBe(misses + 1);
    expect(await value('hit')).toBe(hits + 2);
  });
});
