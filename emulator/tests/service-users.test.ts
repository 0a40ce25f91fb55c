import { describe, expect, it } from 'vitest';
import { demoOrgId, ROLE_IDS, seededServiceUserId } from '../index';
import {
  apiKeySchema,
  apiKeyWithTokenSchema,
  pageOf,
  provisionedSchema,
  selfSchema,
  serviceUserSchema,
  sessionSchema,
} from './contract-schemas';
import { expectOk, expectProblem, T0, setUpEmulator } from './harness';

const h = setUpEmulator();
const platform = demoOrgId('platform');
const payments = demoOrgId('payments');
const ci = seededServiceUserId('platform-ci');
const keysOf = (id: string) => `/v3beta1/enterprise/service-users/${id}/api-keys`;

async function provision(body: Record<string, unknown>, path = '/v3beta1/enterprise/service-users', as?: string) {
  return expectOk(await h.call('POST', path, { body, as }), provisionedSchema);
}

describe('provisioning service users', () => {
  it('creates an enterprise service user whose token really authenticates with its role', async () => {
    const { service_user, token } = await provision({ name: 'Billing bot', role_id: ROLE_IDS.billingViewer, ttl_seconds: 3600 });
    expect(service_user).toMatchObject({
      name: 'Billing bot',
      expires_at: T0 / 1000 + 3600,
      role_assignments: [{ role: { role_id: ROLE_IDS.billingViewer, role_name: 'Billing Viewer', role_type: 'enterprise' }, org_id: null }],
    });
    expect(expectOk(await h.call('GET', '/v3/self', { as: token }), selfSchema)).toMatchObject({
      service_user_id: service_user.service_user_id,
      org_id: null,
    });
    // ViewAccountConsumption (the newer name) is accepted where the docs also say ManageBilling.
    expect((await h.call('GET', '/v3/enterprise/consumption/daily', { as: token })).status).toBe(200);
    expectProblem(await h.call('GET', '/v3/enterprise/organizations', { as: token }), 403);
  });

  it('creates an org service user that acts only in its org', async () => {
    const { service_user, token } = await provision({ name: 'platform deploys', role_id: ROLE_IDS.orgMember }, `/v3beta1/organizations/${platform}/service-users`);
    expect(service_user.role_assignments).toEqual([{ role: expect.objectContaining({ role_id: ROLE_IDS.orgMember }), org_id: platform }]);
    expect(service_user.expires_at).toBeNull();
    expect(expectOk(await h.call('GET', '/v3/self', { as: token }), selfSchema).org_id).toBe(platform);
    const session = expectOk(await h.call('POST', `/v3/organizations/${platform}/sessions`, { as: token, body: { prompt: 'hi' } }), sessionSchema);
    expect(session.service_user_id).toBe(service_user.service_user_id);
    expect(expectProblem(await h.call('POST', `/v3/organizations/${payments}/sessions`, { as: token, body: { prompt: 'hi' } }), 403).detail).toBe(
      'Missing permission: ManageOrgSessions',
    );
  });

  it('requires a role of the route’s level, a name of 1..256 and a ttl of at most a year', async () => {
    expectProblem(await h.call('POST', '/v3beta1/enterprise/service-users', { body: { name: 'x', role_id: ROLE_IDS.orgMember } }), 422);
    expectProblem(await h.call('POST', `/v3beta1/organizations/${platform}/service-users`, { body: { name: 'x', role_id: ROLE_IDS.enterpriseMember } }), 422);
    expectProblem(await h.call('POST', '/v3beta1/enterprise/service-users', { body: { name: 'x', role_id: 'role-nope' } }), 422);
    expectProblem(await h.call('POST', '/v3beta1/enterprise/service-users', { body: { name: '', role_id: ROLE_IDS.enterpriseMember } }), 422);
    const ttl = expectProblem(
      await h.call('POST', '/v3beta1/enterprise/service-users', { body: { name: 'x', role_id: ROLE_IDS.enterpriseMember, ttl_seconds: 31_536_001 } }),
      422,
    );
    expect(ttl.errors?.[0]?.loc).toEqual(['body', 'ttl_seconds']);
  });

  it('refuses to grant permissions the caller lacks, with 403 naming one', async () => {
    const problem = expectProblem(
      await h.call('POST', '/v3beta1/enterprise/service-users', { as: 'noImpersonate', body: { name: 'x', role_id: ROLE_IDS.enterpriseAdmin } }),
      403,
    );
    expect(problem.detail).toMatch(/^Missing permission: ImpersonateOrgSessions/);
    await provision({ name: 'fine', role_id: ROLE_IDS.orgMember }, `/v3beta1/organizations/${platform}/service-users`, 'noImpersonate');
  });

  it('needs ManageAccountServiceUsers resp. ManageOrgServiceUsers', async () => {
    const body = { name: 'x', role_id: ROLE_IDS.enterpriseMember };
    expect(expectProblem(await h.call('POST', '/v3beta1/enterprise/service-users', { as: 'reader', body }), 403).detail).toBe(
      'Missing permission: ManageAccountServiceUsers',
    );
    expect(expectProblem(await h.call('POST', `/v3beta1/organizations/${platform}/service-users`, { as: 'reader', body }), 403).detail).toBe(
      'Missing permission: ManageOrgServiceUsers',
    );
  });
});

describe('service-user membership', () => {
  it('lists, gets and deletes service users; a deleted one’s token stops working', async () => {
    const { service_user, token } = await provision({ name: 'Doomed', role_id: ROLE_IDS.enterpriseMember });
    const page = expectOk(await h.call('GET', '/v3/enterprise/members/service-users'), pageOf(serviceUserSchema));
    expect(page.items.map((s) => s.name)).toEqual(expect.arrayContaining(['Portal Service', 'platform-ci', 'Doomed']));
    expect(expectOk(await h.call('GET', `/v3/enterprise/members/service-users/${service_user.service_user_id}`), serviceUserSchema)).toEqual(service_user);
    expect(expectOk(await h.call('DELETE', `/v3/enterprise/members/service-users/${service_user.service_user_id}`), serviceUserSchema)).toEqual(service_user);
    expectProblem(await h.call('GET', `/v3/enterprise/members/service-users/${service_user.service_user_id}`), 404);
    expectProblem(await h.call('GET', '/v3/self', { as: token }), 401);
  });

  it('lists the service users of one org', async () => {
    const page = expectOk(await h.call('GET', `/v3/enterprise/organizations/${platform}/members/service-users`), pageOf(serviceUserSchema));
    expect(page.items.map((s) => s.service_user_id)).toContain(ci);
    expect(page.items.every((s) => s.role_assignments.some((a) => a.org_id === platform))).toBe(true);
  });

  it('needs ManageAccountMembership', async () => {
    expectProblem(await h.call('GET', '/v3/enterprise/members/service-users', { as: 'reader' }), 403);
    expect(expectProblem(await h.call('DELETE', `/v3/enterprise/members/service-users/${ci}`, { as: 'reader' }), 403).detail).toBe(
      'Missing permission: ManageAccountMembership',
    );
  });
});

describe('API keys (beta)', () => {
  it('lists seeded keys by status; one expires within 14 days', async () => {
    const active = expectOk(await h.call('GET', keysOf(ci)), pageOf(apiKeySchema));
    expect(active.items.map((k) => k.api_key_name)).toEqual(['ci']);
    const soon = active.items[0]!.expires_at!;
    expect(soon - T0 / 1000).toBeLessThanOrEqual(14 * 86_400);
    const revoked = expectOk(await h.call('GET', `${keysOf(ci)}?status=revoked`), pageOf(apiKeySchema));
    expect(revoked.items).toEqual([expect.objectContaining({ api_key_name: 'ci-2025', is_active: false })]);
    expect(expectOk(await h.call('GET', `${keysOf(ci)}?status=all`), pageOf(apiKeySchema)).total).toBe(2);
    expectProblem(await h.call('GET', `${keysOf(ci)}?status=lost`), 422);
  });

  it('creates a key whose token works and stamps last_used_at; an expired key gets 401', async () => {
    const { service_user } = await provision({ name: 'Keyed', role_id: ROLE_IDS.enterpriseMember });
    const id = service_user.service_user_id;
    const key = expectOk(await h.call('POST', keysOf(id), { body: { name: 'short', expires_at: T0 / 1000 + 600 } }), apiKeyWithTokenSchema);
    expect(key.api_key_name).toBe('short');
    const before = expectOk(await h.call('GET', keysOf(id)), pageOf(apiKeySchema)).items.find((k) => k.api_key_id === key.api_key_id);
    expect(before?.last_used_at).toBeNull();
    h.clock.now += 5_000;
    expectOk(await h.call('GET', '/v3/self', { as: key.token }), selfSchema);
    const after = expectOk(await h.call('GET', keysOf(id)), pageOf(apiKeySchema)).items.find((k) => k.api_key_id === key.api_key_id);
    expect(after?.last_used_at).toBe(Math.floor(h.clock.now / 1000));

    h.clock.now += 600_000;
    expectProblem(await h.call('GET', '/v3/self', { as: key.token }), 401);
    const expired = expectOk(await h.call('GET', `${keysOf(id)}?status=expired`), pageOf(apiKeySchema));
    expect(expired.items.map((k) => k.api_key_id)).toEqual([key.api_key_id]);
    expectProblem(await h.call('POST', keysOf(id), { body: { name: 'past', expires_at: T0 / 1000 } }), 422);
  });

  it('revokes a key (then 401), 409 when already revoked, 404 when unknown', async () => {
    const { service_user } = await provision({ name: 'Revocable', role_id: ROLE_IDS.enterpriseMember });
    const id = service_user.service_user_id;
    const key = expectOk(await h.call('POST', keysOf(id), { body: { name: 'temp' } }), apiKeyWithTokenSchema);
    const revoked = expectOk(await h.call('DELETE', `${keysOf(id)}/${key.api_key_id}`), apiKeySchema);
    expect(revoked).toMatchObject({ is_active: false, revoked_at: Math.floor(h.clock.now / 1000) });
    expectProblem(await h.call('GET', '/v3/self', { as: key.token }), 401);
    expectProblem(await h.call('DELETE', `${keysOf(id)}/${key.api_key_id}`), 409);
    expectProblem(await h.call('DELETE', `${keysOf(id)}/apikey-000000`), 404);
    expectProblem(await h.call('DELETE', `${keysOf(ci)}/${key.api_key_id}`), 404);
  });

  it('rotates: by default the old key dies; with revoke_current=false both keep working', async () => {
    const { service_user, token } = await provision({ name: 'Rotating', role_id: ROLE_IDS.enterpriseMember });
    const id = service_user.service_user_id;
    const [initial] = expectOk(await h.call('GET', keysOf(id)), pageOf(apiKeySchema)).items;

    const graceful = expectOk(
      await h.call('POST', `${keysOf(id)}/${initial!.api_key_id}/rotate`, { body: { revoke_current: false } }),
      apiKeyWithTokenSchema,
    );
    expect(graceful.api_key_id).not.toBe(initial!.api_key_id);
    expectOk(await h.call('GET', '/v3/self', { as: token }), selfSchema);
    expectOk(await h.call('GET', '/v3/self', { as: graceful.token }), selfSchema);
    expect(expectOk(await h.call('GET', keysOf(id)), pageOf(apiKeySchema)).total).toBe(2);

    const hard = expectOk(await h.call('POST', `${keysOf(id)}/${graceful.api_key_id}/rotate`), apiKeyWithTokenSchema);
    expectProblem(await h.call('GET', '/v3/self', { as: graceful.token }), 401);
    expectOk(await h.call('GET', '/v3/self', { as: hard.token }), selfSchema);

    const notActive = expectProblem(await h.call('POST', `${keysOf(id)}/${graceful.api_key_id}/rotate`), 400);
    expect(notActive.detail).toMatch(/not active/);
    expectProblem(await h.call('POST', `${keysOf(id)}/apikey-000000/rotate`), 404);
  });

  it('needs ManageAccountServiceUsers, and will not mint keys stronger than the caller', async () => {
    expect(expectProblem(await h.call('GET', keysOf(ci), { as: 'reader' }), 403).detail).toBe('Missing permission: ManageAccountServiceUsers');
    expectProblem(await h.call('POST', keysOf(seededServiceUserId('portal')), { as: 'noImpersonate', body: { name: 'escalate' } }), 403);
    expectProblem(await h.call('GET', keysOf('service-user-unknown')), 404);
  });
});

describe('service users in an org: role and removal', () => {
  const member = (id: string) => `/v3/enterprise/organizations/${payments}/members/service-users/${id}`;

  it('adds a service user to another org, changes its role there, and removes it, leaving its other roles', async () => {
    const created = await provision({ name: 'org-hop', role_id: ROLE_IDS.orgMember, ttl_seconds: 3600 }, `/v3beta1/organizations/${platform}/service-users`);
    const id = created.service_user.service_user_id;

    const added = expectOk(await h.call('POST', member(id), { body: { role_id: ROLE_IDS.orgViewer } }), serviceUserSchema);
    expect(added.role_assignments.map((a) => [a.org_id, a.role.role_id])).toEqual([
      [platform, ROLE_IDS.orgMember],
      [payments, ROLE_IDS.orgViewer],
    ]);
    const changed = expectOk(await h.call('POST', member(id), { body: { role_id: ROLE_IDS.orgMember } }), serviceUserSchema);
    expect(changed.role_assignments.find((a) => a.org_id === payments)?.role.role_id).toBe(ROLE_IDS.orgMember);

    const removed = expectOk(await h.call('DELETE', member(id)), serviceUserSchema);
    expect(removed.role_assignments.map((a) => a.org_id)).toEqual([platform]);
    expectProblem(await h.call('DELETE', member(id)), 404);
    const listed = expectOk(await h.call('GET', `/v3/enterprise/organizations/${payments}/members/service-users`), pageOf(serviceUserSchema));
    expect(listed.items.map((s) => s.service_user_id)).not.toContain(id);
  });

  it('refuses an enterprise role (422), an unknown service user (404) and a caller without ManageAccountMembership (403)', async () => {
    expectProblem(await h.call('POST', member(ci), { body: { role_id: ROLE_IDS.enterpriseAdmin } }), 422);
    expectProblem(await h.call('POST', member('service-user-000000000000000000000000'), { body: { role_id: ROLE_IDS.orgViewer } }), 404);
    expectProblem(await h.call('POST', member(ci), { as: 'reader', body: { role_id: ROLE_IDS.orgViewer } }), 403);
    expectProblem(await h.call('DELETE', member(ci), { as: 'reader' }), 403);
  });

  it('records who changed what in the enterprise audit log', async () => {
    const created = await provision({ name: 'audited-hop', role_id: ROLE_IDS.orgMember, ttl_seconds: 3600 }, `/v3beta1/organizations/${platform}/service-users`);
    const id = created.service_user.service_user_id;
    await h.call('POST', member(id), { body: { role_id: ROLE_IDS.orgViewer } });
    await h.call('DELETE', member(id));
    const log = (await h.call('GET', `/v3/enterprise/organizations/${payments}/audit-logs?first=10`)).body as { items: { action: string; data: { service_user_id?: string } }[] };
    const mine = log.items.filter((e) => e.data.service_user_id === id).map((e) => e.action);
    expect(mine).toEqual(['remove_service_user_role', 'assign_service_user_role']);
  });
});
