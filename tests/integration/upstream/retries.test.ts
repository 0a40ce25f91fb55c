import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDevinClient, describeUpstreamError, UpstreamError, type RetryInfo } from '@/lib/upstream';
import { ADMIN_TOKEN, rejectionOf, sendJson, startStubServer, withEmulator, type StubServer } from './harness';

const h = withEmulator();

afterEach(() => {
  h.emulator.reset();
  h.emulator.clearRequests();
});

function recordingClient(overrides: Parameters<typeof h.clientFor>[1] = {}) {
  const retries: RetryInfo[] = [];
  const client = h.clientFor(ADMIN_TOKEN, { onRetry: (info) => retries.push(info), ...overrides });
  return { client, retries };
}

const statuses = (path: string) =>
  h.emulator
    .requests()
    .filter((r) => r.path === path)
    .map((r) => `${r.method} ${r.status}`);

describe('retries (emulator faults)', () => {
  it('retries a GET after 503s and then succeeds', async () => {
    h.emulator.failNext({ match: 'GET /v3/self', status: 503, times: 2, retryAfterSeconds: 0 });
    const { client, retries } = recordingClient();
    await expect(client.self.get()).resolves.toMatchObject({ principalType: 'service_user' });
    expect(statuses('/v3/self')).toEqual(['GET 503', 'GET 503', 'GET 200']);
    expect(retries.map((r) => [r.retry, r.status, r.route])).toEqual([
      [1, 503, 'GET /v3/self'],
      [2, 503, 'GET /v3/self'],
    ]);
    // One request id for the whole logical call.
    expect(new Set(retries.map((r) => r.requestId)).size).toBe(1);
  });

  it('retries a GET after 429 and honours Retry-After', async () => {
    h.emulator.failNext({ match: 'GET /v3/enterprise/organizations', status: 429, retryAfterSeconds: 1 });
    const { client, retries } = recordingClient();
    const started = performance.now();
    const page = await client.organizations.list();
    const elapsed = performance.now() - started;
    expect(page.items.length).toBeGreaterThan(0);
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    expect(retries).toEqual([expect.objectContaining({ status: 429, code: 'rate_limited', delayMs: 1000 })]);
    expect(statuses('/v3/enterprise/organizations')).toEqual(['GET 429', 'GET 200']);
  });

  it('retries random 5xx and 429 from a rate fault until it gets through', async () => {
    h.emulator.setFaults({ rules: [{ match: 'GET /v3/enterprise/roles', rate5xx: 0.5, rate429: 0.2, retryAfterSeconds: 0 }] });
    const client = h.clientFor(ADMIN_TOKEN, { maxRetries: 10 });
    for (let i = 0; i < 5; i++) await expect(client.roles.list()).resolves.toMatchObject({ hasNextPage: false });
    const seen = statuses('/v3/enterprise/roles');
    expect(seen.filter((s) => s === 'GET 200')).toHaveLength(5);
    expect(seen.length).toBeGreaterThan(5);
  });

  it('gives up after maxRetries and reports the last failure', async () => {
    h.emulator.failNext({ match: 'GET /v3/self', status: 503, times: 5, retryAfterSeconds: 0 });
    const { client, retries } = recordingClient({ maxRetries: 2 });
    const err = await rejectionOf(client.self.get());
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toMatchObject({ status: 503, code: 'upstream_error' });
    expect(describeUpstreamError(err as UpstreamError)).toBe('Devin is not reachable right now; try again shortly.');
    expect(retries).toHaveLength(2);
    expect(statuses('/v3/self')).toEqual(['GET 503', 'GET 503', 'GET 503']);
  });

  it('does not start a retry that would overrun the retry budget', async () => {
    h.emulator.failNext({ match: 'GET /v3/self', status: 429, retryAfterSeconds: 3 });
    const { client, retries } = recordingClient({ retryBudgetMs: 1000 });
    const started = performance.now();
    const err = await rejectionOf(client.self.get());
    expect(performance.now() - started).toBeLessThan(2500); // waiting out Retry-After would take 3 s
    expect(err).toMatchObject({ status: 429, code: 'rate_limited', retryAfterSeconds: 3 });
    expect(describeUpstreamError(err as UpstreamError)).toBe('Devin is rate limiting; try again in 3 s.');
    expect(retries).toEqual([]);
    expect(statuses('/v3/self')).toEqual(['GET 429']);
  });

  it('never retries a write, even on 503 or 429', async () => {
    h.emulator.failNext({ match: 'POST /v3/enterprise/organizations', status: 503, retryAfterSeconds: 0 });
    const { client, retries } = recordingClient({ maxRetries: 5 });
    const err = await rejectionOf(client.organizations.create({ name: 'Never twice' }));
    expect(err).toMatchObject({ status: 503, code: 'upstream_error', route: 'POST /v3/enterprise/organizations' });

    h.emulator.failNext({ match: 'DELETE /v3/enterprise/organizations/*', status: 429, retryAfterSeconds: 0 });
    const org = await client.organizations.create({ name: 'Delete me' });
    await expect(client.organizations.delete(org.orgId)).rejects.toMatchObject({ status: 429, code: 'rate_limited' });

    expect(retries).toEqual([]);
    expect(statuses('/v3/enterprise/organizations')).toEqual(['POST 503', 'POST 200']);
    expect(statuses(`/v3/enterprise/organizations/${org.orgId}`)).toEqual(['DELETE 429']);
  });

  it('times out a slow call as upstream_timeout, without retrying it', async () => {
    h.emulator.setFaults({ rules: [{ match: 'GET /v3/self', latencyMs: 3000 }] });
    const { client, retries } = recordingClient({ timeoutMs: 200 });
    const started = performance.now();
    const err = await rejectionOf(client.self.get());
    const elapsed = performance.now() - started;
    expect(err).toMatchObject({ status: 0, code: 'upstream_timeout', route: 'GET /v3/self' });
    expect((err as UpstreamError).message).toBe('GET /v3/self: no answer within 200 ms');
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(2500);
    expect(retries).toEqual([]);
  });

  it('rethrows a caller abort as is, during a call or a backoff wait', async () => {
    h.emulator.setFaults({ rules: [{ match: 'GET /v3/self', latencyMs: 1000 }] });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const err = await rejectionOf(h.client.withSignal(controller.signal).self.get());
    expect(err).not.toBeInstanceOf(UpstreamError);
    expect(err).toMatchObject({ name: 'AbortError' });

    h.emulator.reset();
    h.emulator.failNext({ match: 'GET /v3/self', status: 429, retryAfterSeconds: 5 });
    const waiting = new AbortController();
    setTimeout(() => waiting.abort(new Error('page navigated away')), 100);
    const started = performance.now();
    await expect(h.client.withSignal(waiting.signal).self.get()).rejects.toThrow('page navigated away');
    expect(performance.now() - started).toBeLessThan(3000); // the backoff wait was 5 s
  });
});

describe('retries (real sockets without the emulator)', () => {
  let stub: StubServer;

  beforeAll(async () => {
    stub = await startStubServer();
  });
  afterAll(async () => {
    await stub?.close();
  });

  it('retries network failures with backoff and reports Devin as unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const retries: RetryInfo[] = [];
    const client = createDevinClient({ baseUrl: `http://127.0.0.1:${port}`, token: 'cog_x', retryBaseMs: 10, onRetry: (r) => retries.push(r) });
    const err = await rejectionOf(client.self.get());
    expect(err).toMatchObject({ status: 0, code: 'upstream_error', route: 'GET /v3/self' });
    expect((err as UpstreamError).message).toBe('GET /v3/self: network error (ECONNREFUSED)');
    expect(describeUpstreamError(err as UpstreamError)).toBe('Devin is not reachable right now; try again shortly.');
    expect(retries.map((r) => [r.retry, r.status])).toEqual([
      [1, 0],
      [2, 0],
    ]);
    expect(retries.every((r) => r.delayMs >= 0 && r.delayMs < 10 * 2 ** r.retry)).toBe(true);
  });

  it('honours Retry-After given as an HTTP date, and sends one request id across attempts', async () => {
    stub.received.length = 0;
    // HTTP dates have whole seconds: a date 0.5..1.5 s ahead.
    const notBefore = Math.floor((Date.now() + 1500) / 1000) * 1000;
    const arrivals: number[] = [];
    stub.respond = (_req, res) => {
      arrivals.push(Date.now());
      if (arrivals.length === 1) return sendJson(res, 503, { detail: 'maintenance' }, { 'Retry-After': new Date(notBefore).toUTCString() });
      sendJson(res, 200, { principal_type: 'service_user', service_user_id: 'su-1', service_user_name: 'x', org_id: null });
    };
    const client = createDevinClient({ baseUrl: stub.url, token: 'cog_x', retryBaseMs: 10 });
    await expect(client.self.get()).resolves.toMatchObject({ serviceUserId: 'su-1' });
    expect(arrivals).toHaveLength(2);
    expect(arrivals[1]!).toBeGreaterThanOrEqual(notBefore);
    expect(stub.received[0]!.headers['x-request-id']).toBe(stub.received[1]!.headers['x-request-id']);
  });

  it('retries 408 but not other 4xx', async () => {
    stub.received.length = 0;
    stub.respond = (_req, res) => sendJson(res, 408, { detail: 'request timeout' });
    const client = createDevinClient({ baseUrl: stub.url, token: 'cog_x', retryBaseMs: 1, maxRetries: 1 });
    await expect(client.self.get()).rejects.toMatchObject({ status: 408, code: 'upstream_timeout' });
    expect(stub.received).toHaveLength(2);

    stub.received.length = 0;
    stub.respond = (_req, res) => sendJson(res, 400, { detail: 'bad' });
    await expect(client.self.get()).rejects.toMatchObject({ status: 400, code: 'bad_request' });
    expect(stub.received).toHaveLength(1);
  });
});
