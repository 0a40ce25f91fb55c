import { describe, expect, it } from 'vitest';
import { DEMO_ORGS } from '../../demo/directory';
import { demoOrgId, ROLE_IDS, seededServiceUserId } from '../index';
import { orgSchema, pageOf, roleSchema, selfSchema } from './contract-schemas';
import { expectOk, expectProblem, T0, setUpEmulator } from './harness';

const h = setUpEmulator();

describe('self', () => {
  it('names the calling service user, with no org for an enterprise one, and needs no permission', async () => {
    const admin = expectOk(await h.call('GET', '/v3/self'), selfSchema);
    expect(admin).toEqual({
      principal_type: 'service_user',
      service_user_id: seededServiceUserId('portal'),
      service_user_name: 'Portal Service',
      org_id: null,
    });
    const reader = expectOk(await h.call('GET', '/v3/self', { as: 'reader' }), selfSchema);
    expect(reader.service_user_id).toBe(seededServiceUserId('portal-reader'));
  });

  it('also answers the legacy /v3beta1/enterprise/self', async () => {
    expect(expectOk(await h.call('GET', '/v3beta1/enterprise/self', { as: 'noImpersonate' }), selfSchema).service_user_id).toBe(
      seededServiceUserId('portal-no-impersonation'),
    );
  });
});

describe('roles', () => {
  it('lists enterprise and org roles, paginated', async () => {
    const page = expectOk(await h.call('GET', '/v3/enterprise/roles'), pageOf(roleSchema));
    const byId = new Map(page.items.map((r) => [r.role_id, r]));
    expect(byId.get(ROLE_IDS.enterpriseAdmin)).toEqual({ role_id: ROLE_IDS.enterpriseAdmin, role_name: 'Enterprise Admin', role_type: 'enterprise' });
    expect(byId.get(ROLE_IDS.orgMember)?.role_type).toBe('org');
    expect(page.total).toBe(page.items.length);
    const firstTwo = expectOk(await h.call('GET', '/v3/enterprise/roles?first=2'), pageOf(roleSchema));
    expect(firstTwo).toMatchObject({ has_next_page: true, total: page.total });
  });

  it('needs ManageAccountMembership', async () => {
    expect(expectProblem(await h.call('GET', '/v3/enterprise/roles', { as: 'reader' }), 403).detail).toMatch(
      /^Missing permission: ManageAccountMembership/,
    );
  });
});

describe('organizations', () => {
  it('lists the demo directory orgs with their limits', async () => {
    const page = expectOk(await h.call('GET', '/v3/enterprise/organizations'), pageOf(orgSchema));
    expect(page.items.map((o) => o.name).sort()).toEqual(DEMO_ORGS.map((o) => o.name).sort());
    const growth = page.items.find((o) => o.org_id === demoOrgId('growth'));
    expect(growth).toMatchObject({ name: 'Growth', max_cycle_acu_limit: null, max_session_acu_limit: null });
  });

  it('creates an org (200, the object), then gets it', async () => {
    const created = expectOk(
      await h.call('POST', '/v3/enterprise/organizations', { body: { name: 'Compilers', max_cycle_acu_limit: 100 } }),
      orgSchema,
    );
    expect(created).toEqual({
      org_id: created.org_id,
      name: 'Compilers',
      created_at: T0 / 1000,
      updated_at: T0 / 1000,
      max_cycle_acu_limit: 100,
      max_session_acu_limit: null,
    });
    expect(expectOk(await h.call('GET', `/v3/enterprise/organizations/${created.org_id}`), orgSchema)).toEqual(created);
  });

  it('accepts names of any script up to 256 characters, and refuses empty, blank and longer ones', async () => {
    const prefix = '数据平台 · Équipe ';
    const name = prefix + 'ñ'.repeat(256 - [...prefix].length);
    expect(expectOk(await h.call('POST', '/v3/enterprise/organizations', { body: { name } }), orgSchema).name).toBe(name);
    for (const bad of ['', '   ', 'x'.repeat(257)]) {
      const problem = expectProblem(await h.call('POST', '/v3/enterprise/organizations', { body: { name: bad } }), 422);
      expect(problem.errors?.[0]?.loc).toEqual(['body', 'name']);
    }
  });

  it('refuses a duplicate name with 409 (case-insensitive)', async () => {
    expect(expectProblem(await h.call('POST', '/v3/enterprise/organizations', { body: { name: 'payments' } }), 409).detail).toMatch(
      /already exists/,
    );
  });

  it('PATCH changes only what is sent, and an explicit null clears a limit', async () => {
    const org = expectOk(
      await h.call('POST', '/v3/enterprise/organizations', { body: { name: 'Patchable', max_cycle_acu_limit: 10, max_session_acu_limit: 5 } }),
      orgSchema,
    );
    h.clock.now += 60_000;
    const patched = expectOk(
      await h.call('PATCH', `/v3/enterprise/organizations/${org.org_id}`, { body: { max_cycle_acu_limit: null, name: 'Patched' } }),
      orgSchema,
    );
    expect(patched).toMatchObject({ name: 'Patched', max_cycle_acu_limit: null, max_session_acu_limit: 5, created_at: org.created_at });
    expect(patched.updated_at).toBe(org.updated_at + 60);
    expectProblem(await h.call('PATCH', `/v3/enterprise/organizations/${org.org_id}`, { body: { name: 'Security' } }), 409);
    expectProblem(await h.call('PATCH', `/v3/enterprise/organizations/${org.org_id}`, { body: { max_session_acu_limit: -1 } }), 422);
  });

  it('DELETE returns the deleted org, after which it is gone', async () => {
    const org = expectOk(await h.call('POST', '/v3/enterprise/organizations', { body: { name: 'Short-lived' } }), orgSchema);
    expect(expectOk(await h.call('DELETE', `/v3/enterprise/organizations/${org.org_id}`), orgSchema)).toEqual(org);
    expectProblem(await h.call('GET', `/v3/enterprise/organizations/${org.org_id}`), 404);
    expectProblem(await h.call('DELETE', `/v3/enterprise/organizations/${org.org_id}`), 404);
  });

  it('needs ManageOrganizations for every org route', async () => {
    const id = demoOrgId('platform');
    for (const [method, path] of [
      ['POST', '/v3/enterprise/organizations'],
      ['GET', `/v3/enterprise/organizations/${id}`],
      ['PATCH', `/v3/enterprise/organizations/${id}`],
      ['DELETE', `/v3/enterprise/organizations/${id}`],
    ] as const) {
      const body = method === 'GET' ? undefined : { name: 'x' };
      expect(expectProblem(await h.call(method, path, { as: 'reader', body }), 403).detail).toBe(
        'Missing permission: ManageOrganizations',
      );
    }
  });
});
