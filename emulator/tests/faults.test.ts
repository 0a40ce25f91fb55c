import { describe, expect, it } from 'vitest';
import { startEmulator } from '../index';
import { orgSchema, pageOf } from './contract-schemas';
import { expectOk, expectProblem, setUpEmulator } from './harness';

const h = setUpEmulator();

async function admin(method: string, path: string, body?: unknown) {
  const res = await fetch(`${h.emu.url}/_emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as unknown };
}

async function timed(path: string): Promise<number> {
  const started = performance.now();
  expect((await h.call('GET', path)).status).toBe(200);
  return performance.now() - started;
}

describe('failNext', () => {
  it('fails exactly the next `times` matching requests, leaving others alone', async () => {
    h.emu.failNext({ match: 'GET /v3/self', status: 503, times: 2 });
    expectProblem(await h.call('GET', '/v3/self'), 503);
    expect((await h.call('GET', '/v3/enterprise/roles')).status).toBe(200);
    expect((await h.call('POST', '/v3/self')).status).toBe(405);
    expectProblem(await h.call('GET', '/v3/self'), 503);
    expect((await h.call('GET', '/v3/self')).status).toBe(200);
  });

  it('applies before authentication and routing', async () => {
    h.emu.failNext({ status: 500 });
    expectProblem(await h.call('GET', '/v3/self', { as: 'cog_unknown' }), 500);
    h.emu.failNext({ match: '/v3/nowhere', status: 502 });
    expectProblem(await h.call('GET', '/v3/nowhere'), 502);
  });

  it('matches /v3/ rules under /v3beta1/ too, and prefixes with a trailing *', async () => {
    h.emu.failNext({ match: '/v3/enterprise/organizations*', status: 502, times: 2 });
    expectProblem(await h.call('GET', '/v3beta1/enterprise/organizations/org-123'), 502);
    expectProblem(await h.call('POST', '/v3/enterprise/organizations', { body: { name: 'x' } }), 502);
    expect((await h.call('GET', '/v3/enterprise/organizations')).status).toBe(200);

    h.emu.failNext({ match: '/v3beta1/self', status: 502 });
    expect((await h.call('GET', '/v3/self')).status).toBe(200);
    expectProblem(await h.call('GET', '/v3beta1/self'), 502);
  });

  it('sends Retry-After with a 429, 1 second unless told otherwise', async () => {
    h.emu.failNext({ status: 429 });
    const first = await h.call('GET', '/v3/self');
    expect(expectProblem(first, 429).detail).toMatch(/Rate limit exceeded/);
    expect(first.headers.get('retry-after')).toBe('1');
    h.emu.failNext({ status: 429, retryAfterSeconds: 7 });
    expect((await h.call('GET', '/v3/self')).headers.get('retry-after')).toBe('7');
  });
});

describe('fault rules', () => {
  it('answers every matching request 429 with Retry-After at rate 1, or 503 at rate5xx 1', async () => {
    h.emu.setFaults({ rules: [{ match: 'GET /v3/self', rate429: 1, retryAfterSeconds: 3 }] });
    for (let i = 0; i < 5; i++) {
      const reply = await h.call('GET', '/v3/self');
      expectProblem(reply, 429);
      expect(reply.headers.get('retry-after')).toBe('3');
    }
    expect((await h.call('GET', '/v3/enterprise/roles')).status).toBe(200);
    h.emu.setFaults({ rules: [{ rate5xx: 1 }] });
    expectProblem(await h.call('GET', '/v3/enterprise/roles'), 503);
    expect((await admin('GET', '/health')).status).toBe(200);
    h.emu.setFaults({ rules: [] });
    expect((await h.call('GET', '/v3/self')).status).toBe(200);
  });

  it('rolls seeded dice: a partial rate fails some requests, and replays identically', async () => {
    const statuses = async () => {
      h.emu.setFaults({ rules: [{ rate429: 0.3, rate5xx: 0.2 }] });
      const out: number[] = [];
      for (let i = 0; i < 60; i++) out.push((await h.call('GET', '/v3/self')).status);
      h.emu.setFaults({ rules: [] });
      return out;
    };
    const first = await statuses();
    expect(await statuses()).toEqual(first);
    const count = (s: number) => first.filter((x) => x === s).length;
    expect(count(429)).toBeGreaterThan(5);
    expect(count(503)).toBeGreaterThan(3);
    expect(count(200)).toBeGreaterThan(15);
  });

  it('adds latency, measurably, only where it matches', async () => {
    h.emu.setFaults({ rules: [{ match: 'GET /v3/self', latencyMs: 500 }] });
    const slow = await timed('/v3/self');
    const fast = await timed('/v3/enterprise/roles');
    h.emu.setFaults({ rules: [] });
    expect(slow).toBeGreaterThanOrEqual(495);
    expect(fast).toBeLessThan(slow - 300);
  });

  it('takes faults from the start options', async () => {
    const emu = await startEmulator({ port: 0, faults: { rules: [{ rate5xx: 1 }] } });
    try {
      expect((await fetch(`${emu.url}/v3/self`, { headers: { Authorization: `Bearer ${emu.tokens.admin}` } })).status).toBe(503);
    } finally {
      await emu.close();
    }
  });
});

describe('request log', () => {
  it('records API requests with method, path, status and time, but not emulator controls', async () => {
    h.emu.clearRequests();
    await h.call('GET', '/v3/self?x=1');
    await h.call('GET', '/v3/enterprise/organizations/org-000000000000');
    await admin('GET', '/health');
    expect(h.emu.requests()).toEqual([
      { method: 'GET', path: '/v3/self', status: 200, receivedAt: h.clock.now, at: h.clock.now },
      { method: 'GET', path: '/v3/enterprise/organizations/org-000000000000', status: 404, receivedAt: h.clock.now, at: h.clock.now },
    ]);
    h.emu.clearRequests();
    expect(h.emu.requests()).toEqual([]);
  });
});

describe('emulator controls over HTTP', () => {
  it('reports health', async () => {
    expect(await admin('GET', '/health')).toMatchObject({ status: 200, body: { status: 'ok', seed: 42 } });
  });

  it('reads and replaces the fault config, validating it', async () => {
    const config = { rules: [{ match: 'GET /v3/enterprise/roles', rate5xx: 1 }] };
    expect((await admin('PUT', '/faults', config)).body).toEqual(config);
    expect((await admin('GET', '/faults')).body).toEqual(config);
    expectProblem(await h.call('GET', '/v3/enterprise/roles'), 503);
    const bad = await admin('PUT', '/faults', { rules: [{ rate429: 2 }] });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toBe('application/problem+json');
    expect((await admin('PUT', '/faults', { rules: [] })).status).toBe(200);
  });

  it('queues a fail-next', async () => {
    expect((await admin('POST', '/fail-next', { match: 'GET /v3/self', status: 429, retryAfterSeconds: 2 })).status).toBe(200);
    const reply = await h.call('GET', '/v3/self');
    expect(reply.status).toBe(429);
    expect(reply.headers.get('retry-after')).toBe('2');
    expect((await admin('POST', '/fail-next', { status: 200 })).status).toBe(422);
  });

  it('clears every fault, queued fail-nexts included, leaving the data alone', async () => {
    const created = expectOk(await h.call('POST', '/v3/enterprise/organizations', { body: { name: 'Survives clearing' } }), orgSchema);
    h.emu.setFaults({ rules: [{ match: 'GET /v3/enterprise/roles', rate5xx: 1 }] });
    h.emu.failNext({ match: 'GET /v3/self', status: 500, times: 3 });
    expect((await h.call('GET', '/v3/self')).status).toBe(500);
    expect(await admin('DELETE', '/faults')).toMatchObject({ status: 200, body: { rules: [] } });
    expect((await h.call('GET', '/v3/self')).status).toBe(200);
    expect((await h.call('GET', '/v3/enterprise/roles')).status).toBe(200);
    h.emu.failNext({ match: 'GET /v3/self', status: 500 });
    h.emu.clearFaults();
    expect((await h.call('GET', '/v3/self')).status).toBe(200);
    expect((await h.call('GET', `/v3/enterprise/organizations/${created.org_id}`)).status).toBe(200);
  });

  it('lists and clears requests', async () => {
    await admin('DELETE', '/requests');
    await h.call('GET', '/v3/self');
    expect((await admin('GET', '/requests')).body).toEqual({ items: [{ method: 'GET', path: '/v3/self', status: 200, receivedAt: h.clock.now, at: h.clock.now }] });
  });

  it('resets to the seeded state with no faults', async () => {
    const created = expectOk(await h.call('POST', '/v3/enterprise/organizations', { body: { name: 'Ephemeral' } }), orgSchema);
    h.emu.setFaults({ rules: [{ match: '/v3/enterprise/roles', rate5xx: 1 }] });
    h.emu.failNext({ match: '/v3/self', status: 500 });
    expect((await admin('POST', '/reset')).status).toBe(200);
    expectProblem(await h.call('GET', `/v3/enterprise/organizations/${created.org_id}`), 404);
    expect((await h.call('GET', '/v3/enterprise/roles')).status).toBe(200);
    expect((await h.call('GET', '/v3/self')).status).toBe(200);
    expect(expectOk(await h.call('GET', '/v3/enterprise/organizations'), pageOf(orgSchema)).total).toBe(6);
  });

  it('resets through the API object too', async () => {
    await h.call('POST', '/v3/enterprise/organizations', { body: { name: 'Also ephemeral' } });
    h.emu.reset();
    expect(expectOk(await h.call('GET', '/v3/enterprise/organizations'), pageOf(orgSchema)).total).toBe(6);
  });

  it('answers unknown controls with 404 and wrong methods with 405', async () => {
    expect((await admin('GET', '/nope')).status).toBe(404);
    expect((await admin('DELETE', '/health')).status).toBe(405);
  });
});
