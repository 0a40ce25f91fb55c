import { describe, expect, it } from 'vitest';
import { demoOrgId, demoUserId, seededServiceUserId } from '../index';
import { orgSchema, pageOf, sessionSchema } from './contract-schemas';
import { expectOk, expectProblem, setUpEmulator, walk } from './harness';

const h = setUpEmulator({ extraOrgs: 30 });
const platform = demoOrgId('platform');

describe('authentication', () => {
  it('answers 401 ProblemDetail with a Bearer challenge when the token is missing', async () => {
    const res = await fetch(`${h.emu.url}/v3/self`);
    const reply = { status: res.status, headers: res.headers, body: await res.json() };
    expect(expectProblem(reply, 401).detail).toMatch(/Bearer/);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('answers 401 for an unknown token and for a revoked key', async () => {
    expectProblem(await h.call('GET', '/v3/self', { as: 'cog_not_a_real_token' }), 401);
    expect(expectProblem(await h.call('GET', '/v3/self', { as: 'revoked' }), 401).detail).toBe('Invalid or expired API key');
  });

  it('answers 401 before 403: a bad token never learns about permissions', async () => {
    expectProblem(await h.call('GET', '/v3/enterprise/organizations', { as: 'cog_nope' }), 401);
  });
});

describe('errors', () => {
  it('answers 403 naming the missing permission for the reader token', async () => {
    const problem = expectProblem(await h.call('GET', '/v3/enterprise/organizations', { as: 'reader' }), 403);
    expect(problem.detail).toBe('Missing permission: ManageOrganizations');
    expect(problem.title).toBe('Forbidden');
    expect(problem.instance).toBe('/v3/enterprise/organizations');
  });

  it('answers 404 for unknown routes, outside the API prefixes too', async () => {
    expectProblem(await h.call('GET', '/v3/enterprise/nothing-here'), 404);
    expectProblem(await h.call('GET', '/v2/organizations'), 404);
    expectProblem(await h.call('GET', '/'), 404);
  });

  it('answers 404 for unknown ids', async () => {
    expectProblem(await h.call('GET', '/v3/enterprise/organizations/org-000000000000'), 404);
    expectProblem(await h.call('GET', `/v3/organizations/${platform}/sessions/devin-${'0'.repeat(32)}`), 404);
  });

  it('answers 405 with Allow for a known path and the wrong method', async () => {
    const reply = await h.call('PUT', '/v3/enterprise/organizations');
    expectProblem(reply, 405);
    expect(reply.headers.get('allow')?.split(', ').sort()).toEqual(['GET', 'POST']);
  });

  it('answers 422 with FastAPI-style errors and a detail naming the field', async () => {
    const problem = expectProblem(await h.call('POST', '/v3/enterprise/organizations', { body: { max_cycle_acu_limit: 'lots' } }), 422);
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { loc: ['body', 'name'], msg: 'Field required', type: 'missing' },
        expect.objectContaining({ loc: ['body', 'max_cycle_acu_limit'], type: 'number_type' }),
      ]),
    );
    expect(problem.detail).toMatch(/body\.name: Field required/);
  });

  it('answers 422 for a body that is not JSON, and for a missing body', async () => {
    const bad = expectProblem(await h.call('POST', '/v3/enterprise/organizations', { rawBody: '{"name": ' }), 422);
    expect(bad.errors?.[0]?.type).toBe('json_invalid');
    const missing = expectProblem(await h.call('POST', '/v3/enterprise/organizations'), 422);
    expect(missing.errors?.[0]).toEqual({ loc: ['body'], msg: 'Field required', type: 'missing' });
  });
});

describe('pagination', () => {
  it('walks a multi-page list without gaps or repeats, and reports the total', async () => {
    const { items, pages, total } = await walk(h, '/v3/enterprise/organizations', orgSchema, 7);
    expect(total).toBe(36);
    expect(items).toHaveLength(36);
    expect(new Set(items.map((o) => o.org_id)).size).toBe(36);
    expect(pages).toBe(6);
  });

  it('defaults first to 100 and ends the last page with a null cursor', async () => {
    const page = expectOk(await h.call('GET', '/v3/enterprise/organizations'), pageOf(orgSchema));
    expect(page.items).toHaveLength(36);
    expect(page).toMatchObject({ end_cursor: null, has_next_page: false, total: 36 });
  });

  it('keeps a cursor valid while rows are added in front of it', async () => {
    const first = expectOk(await h.call('GET', `/v3/organizations/${platform}/sessions?first=3`), pageOf(sessionSchema));
    await h.call('POST', `/v3/organizations/${platform}/sessions`, { body: { prompt: 'newest session, sorts first' } });
    const second = expectOk(
      await h.call('GET', `/v3/organizations/${platform}/sessions?first=3&after=${first.end_cursor}`),
      pageOf(sessionSchema),
    );
    const firstIds = first.items.map((s) => s.session_id);
    expect(second.items.every((s) => !firstIds.includes(s.session_id))).toBe(true);
    expect(second.items[0]!.created_at).toBeLessThanOrEqual(first.items.at(-1)!.created_at);
  });

  it.each(['0', '201', '-1', 'ten', '1.5'])('rejects first=%s with 422', async (first) => {
    const problem = expectProblem(await h.call('GET', `/v3/enterprise/organizations?first=${first}`), 422);
    expect(problem.errors?.[0]?.loc).toEqual(['query', 'first']);
  });

  it('accepts first=1 and first=200', async () => {
    expect(expectOk(await h.call('GET', '/v3/enterprise/organizations?first=1'), pageOf(orgSchema)).items).toHaveLength(1);
    expect(expectOk(await h.call('GET', '/v3/enterprise/organizations?first=200'), pageOf(orgSchema)).items).toHaveLength(36);
  });

  it.each(['garbage!', 'bm90IGpzb24', Buffer.from('{"a":1}').toString('base64url')])('rejects the cursor %s with 422', async (after) => {
    const problem = expectProblem(await h.call('GET', `/v3/enterprise/organizations?after=${after}`), 422);
    expect(problem.errors?.[0]).toMatchObject({ loc: ['query', 'after'] });
  });
});

describe('documented prefixes only', () => {
  it.each([
    '/self',
    '/enterprise/roles?first=3',
    '/enterprise/organizations?first=5',
    `/enterprise/organizations/${platform}`,
    '/enterprise/members/users?email=bob@acme.test',
    `/enterprise/members/users/${demoUserId('bob')}`,
    '/enterprise/members/idp-users',
    `/enterprise/organizations/${platform}/members/users`,
    `/enterprise/organizations/${platform}/members/idp-users`,
    `/enterprise/organizations/${platform}/members/service-users`,
    '/enterprise/members/service-users',
    `/enterprise/members/service-users/${seededServiceUserId('platform-ci')}`,
    `/organizations/${platform}/sessions?first=5`,
    '/enterprise/consumption/daily',
    `/enterprise/consumption/daily/organizations/${platform}`,
    `/organizations/${platform}/consumption/daily`,
    '/enterprise/consumption/cycles',
    '/enterprise/audit-logs?first=20',
    `/enterprise/organizations/${platform}/audit-logs?first=20`,
  ])('serves the GA route %s under /v3 only', async (path) => {
    expect((await h.call('GET', `/v3${path}`)).status).toBe(200);
    expectProblem(await h.call('GET', `/v3beta1${path}`), 404);
  });

  it.each([
    '/enterprise/self',
    `/organizations/${platform}/members/users`,
    `/organizations/${platform}/members/idp-users`,
    `/enterprise/service-users/${seededServiceUserId('platform-ci')}/api-keys?status=all`,
  ])('serves the beta-only route %s under /v3beta1 only', async (path) => {
    expect((await h.call('GET', `/v3beta1${path}`)).status).toBe(200);
    expectProblem(await h.call('GET', `/v3${path}`), 404);
  });

  it('takes writes under their documented prefix only', async () => {
    expectProblem(await h.call('POST', '/v3beta1/enterprise/organizations', { body: { name: 'Created through beta' } }), 404);
    const body = { name: 'beta only', role_id: 'role-does-not-matter', ttl_seconds: 3600 };
    expectProblem(await h.call('POST', '/v3/enterprise/service-users', { body }), 404);
  });
});
