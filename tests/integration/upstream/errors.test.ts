import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoOrgId, demoUserId } from '@/emulator';
import { createDevinClient, describeUpstreamError, InputError, UpstreamError } from '@/lib/upstream';
import { DAY, nowSeconds, rejectionOf, sendJson, startStubServer, withEmulator, type StubServer } from './harness';

const h = withEmulator();
const platform = demoOrgId('platform');

async function upstreamError(promise: Promise<unknown>): Promise<UpstreamError> {
  const err = await rejectionOf(promise);
  expect(err).toBeInstanceOf(UpstreamError);
  return err as UpstreamError;
}

function expectNoSecret(err: UpstreamError, secret: string) {
  const everything = [err.message, err.stack, err.upstreamMessage, JSON.stringify(err), describeUpstreamError(err)].join('\n');
  expect(everything).not.toContain(secret);
}

describe('upstream error mapping (emulator)', () => {
  it('maps a revoked token to unauthorized, without the token anywhere', async () => {
    const revoked = h.emulator.tokens.revoked;
    const err = await upstreamError(h.clientFor(revoked).self.get());
    expect(err).toMatchObject({ status: 401, code: 'unauthorized', route: 'GET /v3/self' });
    expect(err.requestId).toMatch(/\S/);
    expect(describeUpstreamError(err)).toMatch(/^The portal's Devin token was rejected \(expired or revoked\)/);
    expectNoSecret(err, revoked);
  });

  it('maps a missing permission to forbidden and names the permission', async () => {
    const err = await upstreamError(h.clientFor(h.emulator.tokens.reader).organizations.list());
    expect(err).toMatchObject({ status: 403, code: 'forbidden', missingPermission: 'ManageOrganizations', route: 'GET /v3/enterprise/organizations' });
    expect(describeUpstreamError(err)).toBe("The portal's Devin service user is missing permission ManageOrganizations.");
  });

  it('maps an unknown id to not_found with the route template, not the filled path', async () => {
    const err = await upstreamError(h.client.sessions.get(platform, 'devin-doesnotexist'));
    expect(err).toMatchObject({ status: 404, code: 'not_found', route: 'GET /v3/organizations/{org_id}/sessions/{devin_id}' });
    expect(err.message).toContain('GET /v3/organizations/{org_id}/sessions/{devin_id}: HTTP 404');
    expect(err.upstreamMessage).toContain('devin-doesnotexist');
  });

  it('maps a 422 to unprocessable_entity with field errors', async () => {
    const err = await upstreamError(h.client.members.addOrgUser(platform, demoUserId('dave'), 'role-that-does-not-exist'));
    expect(err).toMatchObject({ status: 422, code: 'unprocessable_entity' });
    expect(err.fieldErrors).toEqual([{ field: 'role_id', message: expect.stringContaining('Unknown role') }]);
    expect(describeUpstreamError(err)).toMatch(/^Devin rejected the request: role_id: Unknown role/);

    const notMember = await upstreamError(h.client.sessions.create(platform, { prompt: 'hi', createAsUserId: demoUserId('dave') }));
    expect(notMember.fieldErrors?.[0]?.field).toBe('create_as_user_id');
  });

  it('maps the audit window rule the client cannot see (time_after alone, over 100 days) to a field error', async () => {
    const err = await upstreamError(h.client.auditLogs.list({ timeAfter: nowSeconds() - 200 * DAY }));
    expect(err).toMatchObject({ status: 422, code: 'unprocessable_entity' });
    expect(err).not.toBeInstanceOf(InputError);
    expect(err.fieldErrors?.[0]?.field).toMatch(/^time_/);
  });
});

describe('client-side input validation (nothing is sent)', () => {
  async function refused(promise: Promise<unknown>, field: string): Promise<InputError> {
    const before = h.mark();
    const err = await rejectionOf(promise);
    expect(err).toBeInstanceOf(InputError);
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toMatchObject({ status: 422, code: 'unprocessable_entity', requestId: null });
    expect((err as InputError).fieldErrors?.[0]?.field).toBe(field);
    expect(h.requestsSince(before)).toEqual([]);
    return err as InputError;
  }

  it('checks page size bounds', async () => {
    const err = await refused(h.client.organizations.list({ first: 500 }), 'first');
    expect(err.message).toBe('GET /v3/enterprise/organizations: invalid input: first: Too big: expected number to be <=200');
    await refused(h.client.roles.list({ first: 0 }), 'first');
  });

  it('checks the audit-log window rules', async () => {
    await refused(h.client.auditLogs.list({ timeBefore: nowSeconds() }), 'timeBefore');
    const wide = await refused(h.client.auditLogs.list({ timeAfter: nowSeconds() - 101 * DAY, timeBefore: nowSeconds() }), 'timeBefore');
    expect(describeUpstreamError(wide)).toContain('at most 100 days');
    await refused(h.client.auditLogs.listOrg(platform, { timeAfter: 2000, timeBefore: 1000 }), 'timeBefore');
  });

  it('checks tag limits and required body fields', async () => {
    const tags = Array.from({ length: 51 }, (_, i) => `t${i}`);
    await refused(h.client.sessions.addTags(platform, 'devin-x', tags), 'tags');
    await refused(h.client.sessions.create(platform, { prompt: 'x', tags }), 'tags');
    await refused(h.client.sessions.create(platform, { prompt: '   ' }), 'prompt');
    await refused(h.client.organizations.create({ name: 'x', maxCycleAcuLimit: -1 }), 'maxCycleAcuLimit');
    await refused(h.client.serviceUsers.provisionEnterprise({ name: 'x', roleId: 'r', ttlSeconds: 400 * DAY }), 'ttlSeconds');
    await refused(h.client.apiKeys.create('service-user-x', { name: 'k', expiresAt: nowSeconds() - 10 }), 'expiresAt');
    await refused(h.client.organizations.update(platform, {}), 'input');
  });

  it('refuses empty and dot-segment ids that would address another route', async () => {
    await refused(h.client.organizations.get(''), 'orgId');
    await refused(h.client.organizations.delete('..'), 'orgId');
    await refused(h.client.sessions.get(platform, '.'), 'devinId');
  });

  it('encodes odd ids instead of letting them change the path', async () => {
    const err = await upstreamError(h.client.organizations.get('org-x/../../self'));
    expect(err.status).toBe(404);
  });
});

describe('wire situations the emulator never produces (local HTTP server)', () => {
  let stub: StubServer;
  const token = 'cog_stub_secret_token_abcdef';
  const client = () => createDevinClient({ baseUrl: `${stub.url}/`, token, maxRetries: 0 });

  beforeAll(async () => {
    stub = await startStubServer();
  });
  afterAll(async () => {
    await stub?.close();
  });

  it('turns a malformed 2xx body into upstream_error naming the route and the field', async () => {
    stub.respond = (_req, res) =>
      sendJson(res, 200, {
        items: [{ org_id: 'org-1', name: 'One', created_at: 1, updated_at: 1, max_cycle_acu_limit: 'lots', max_session_acu_limit: null }],
        end_cursor: null,
        has_next_page: false,
        total: 1,
      });
    const err = await upstreamError(client().organizations.list());
    expect(err).toMatchObject({ code: 'upstream_error', status: 200, route: 'GET /v3/enterprise/organizations' });
    expect(err.message).toBe('GET /v3/enterprise/organizations: response field items.0.max_cycle_acu_limit: expected number, received string');
    expect(describeUpstreamError(err)).toContain('shape the portal does not understand');
  });

  it('names a missing required field, and accepts additive vendor fields', async () => {
    stub.respond = (_req, res) => sendJson(res, 200, { principal_type: 'service_user', service_user_name: 'x', org_id: null, brand_new: 1 });
    const err = await upstreamError(client().self.get());
    expect(err.message).toBe('GET /v3/self: response field service_user_id: expected string, received undefined');

    stub.respond = (_req, res) =>
      sendJson(res, 200, { principal_type: 'service_user', service_user_id: 'su-1', service_user_name: 'x', org_id: null, brand_new: 1 });
    await expect(client().self.get()).resolves.toMatchObject({ serviceUserId: 'su-1' });
  });

  it('reports a non-JSON 2xx body', async () => {
    stub.respond = (_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>login</html>');
    const err = await upstreamError(client().self.get());
    expect(err.message).toBe('GET /v3/self: response body is not JSON');
  });

  it('reads FastAPI validation bodies and never echoes non-JSON error bodies', async () => {
    stub.respond = (_req, res) =>
      sendJson(res, 422, { detail: [{ loc: ['body', 'max_cycle_acu_limit'], msg: 'Input should be a valid integer', type: 'int_parsing' }] });
    const err = await upstreamError(client().organizations.create({ name: 'x' }));
    expect(err.fieldErrors).toEqual([{ field: 'max_cycle_acu_limit', message: 'Input should be a valid integer' }]);
    expect(err.upstreamMessage).toBe('max_cycle_acu_limit: Input should be a valid integer');

    stub.respond = (_req, res) => res.writeHead(502, { 'Content-Type': 'text/html' }).end('<html><body>nginx stack trace</body></html>');
    const gateway = await upstreamError(client().self.get());
    expect(gateway).toMatchObject({ status: 502, code: 'upstream_error', upstreamMessage: null });
    expect(gateway.message).not.toContain('nginx');
    expect(describeUpstreamError(gateway)).toBe('Devin is not reachable right now; try again shortly.');
  });

  it('reads a FastAPI string detail and scrubs credentials an upstream echoes back', async () => {
    stub.respond = (req, res) => sendJson(res, 401, { detail: `Invalid or expired API key ${req.headers.authorization}` });
    const err = await upstreamError(client().self.get());
    expect(err.upstreamMessage).toBe('Invalid or expired API key Bearer cog_[redacted]');
    expectNoSecret(err, token);
  });

  it('sends the bearer token, JSON, repeated query keys and a request id, and keeps the upstream request id', async () => {
    stub.received.length = 0;
    stub.respond = (_req, res) => sendJson(res, 404, { title: 'Not Found', status: 404 }, { 'X-Request-ID': 'upstream-req-42' });
    const err = await upstreamError(
      client().sessions.list('org-1', { tags: ['a', 'b c'], origins: ['api', 'slack'], isArchived: false, first: 5, createdAfter: 10 }),
    );
    expect(err).toMatchObject({ code: 'not_found', requestId: 'upstream-req-42', upstreamMessage: 'Not Found' });
    const [req] = stub.received;
    expect(req!.url).toBe('/v3/organizations/org-1/sessions?first=5&tags=a&tags=b+c&created_after=10&origins=api&origins=slack&is_archived=false');
    expect(req!.headers.authorization).toBe(`Bearer ${token}`);
    expect(req!.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);

    stub.received.length = 0;
    stub.respond = (_req, res) => sendJson(res, 409, { type: 'about:blank', title: 'Conflict', status: 409, detail: 'already revoked' });
    const conflict = await upstreamError(client().apiKeys.revoke('su-1', 'key-1'));
    expect(conflict.requestId).toBe(stub.received[0]!.headers['x-request-id']);
    expect(stub.received[0]!.url).toBe('/v3beta1/enterprise/service-users/su-1/api-keys/key-1');
  });

  it('sends documented snake_case bodies and leaves unset optional fields out', async () => {
    stub.received.length = 0;
    stub.respond = (_req, res) => sendJson(res, 500, {});
    await rejectionOf(client().sessions.create('org-1', { prompt: 'p', createAsUserId: 'user-1', maxAcuLimit: 3 }));
    await rejectionOf(client().apiKeys.rotate('su-1', 'key-1', { revokeCurrent: false }));
    expect(stub.received.map((r) => [r.headers['content-type'], JSON.parse(r.body) as unknown])).toEqual([
      ['application/json', { prompt: 'p', max_acu_limit: 3, create_as_user_id: 'user-1' }],
      ['application/json', { revoke_current: false }],
    ]);
  });

  it('does not follow redirects with the token', async () => {
    stub.received.length = 0;
    stub.respond = (_req, res) => res.writeHead(307, { Location: 'http://127.0.0.1:1/elsewhere' }).end();
    const err = await upstreamError(client().self.get());
    expect(err).toMatchObject({ status: 307, code: 'upstream_error' });
    expect(stub.received).toHaveLength(1);
  });
});

describe('describeUpstreamError', () => {
  const make = (init: Partial<ConstructorParameters<typeof UpstreamError>[0]>) =>
    new UpstreamError({ status: 500, code: 'upstream_error', message: 'x', route: 'GET /v3/self', ...init });

  it('gives one actionable sentence per code', () => {
    expect(describeUpstreamError(make({ status: 429, code: 'rate_limited', retryAfterSeconds: 7 }))).toBe('Devin is rate limiting; try again in 7 s.');
    expect(describeUpstreamError(make({ status: 0, code: 'upstream_error' }))).toBe('Devin is not reachable right now; try again shortly.');
    expect(describeUpstreamError(make({ status: 0, code: 'upstream_timeout' }))).toBe('Devin did not answer in time; try again shortly.');
    expect(describeUpstreamError(make({ status: 403, code: 'forbidden' }))).toBe("The portal's Devin service user is not allowed to do this.");
    expect(describeUpstreamError(make({ status: 409, code: 'conflict', upstreamMessage: 'API key k is already revoked' }))).toBe(
      'Devin refused because of a conflict: API key k is already revoked',
    );
    expect(describeUpstreamError(make({ status: 404, code: 'not_found', upstreamMessage: 'Session s not found' }))).toBe(
      'Devin could not find it: Session s not found',
    );
  });
});
