import { describe, expect, it } from 'vitest';
import { devinContract } from '@/contract';
import { createDevinClient, type DevinClient } from '@/lib/upstream';
import { exampleOf, type Form } from './examples';

/*
 * The portal's client against the vendored published contract, with no emulator in
 * between: every client method is called once, its request is checked against the
 * documented route (path, query keys, body), and it must read both documented forms of
 * the answer. A client method whose route is not in the contract fails here.
 */

const contract = devinContract();
const ORG = 'org-abc123def456';
const SESSION = 'devin-abc123';
const SU = 'service-user-abc123';
const future = () => Math.floor(Date.now() / 1000) + 86_400;

/** Every client method, called the way the portal calls it. A new method needs a row, or the coverage test fails. */
const CALLS: Record<string, Record<string, (c: DevinClient) => Promise<unknown>>> = {
  self: { get: (c) => c.self.get() },
  organizations: {
    list: (c) => c.organizations.list({ first: 200 }),
    get: (c) => c.organizations.get(ORG),
    create: (c) => c.organizations.create({ name: 'Payments', maxCycleAcuLimit: 500, maxSessionAcuLimit: null }),
    update: (c) => c.organizations.update(ORG, { name: 'Payments EU' }),
    delete: (c) => c.organizations.delete(ORG),
  },
  roles: { list: (c) => c.roles.list({ first: 200 }) },
  members: {
    listEnterpriseUsers: (c) => c.members.listEnterpriseUsers({ email: 'ada@example.test' }),
    getEnterpriseUser: (c) => c.members.getEnterpriseUser('user-1'),
    listIdpUsers: (c) => c.members.listIdpUsers({ email: 'ada@example.test', first: 50 }),
    listOrgUsers: (c) => c.members.listOrgUsers(ORG, { first: 50, after: 'cursor' }),
    listOrgIdpUsers: (c) => c.members.listOrgIdpUsers(ORG, { first: 50 }),
    addOrgUser: (c) => c.members.addOrgUser(ORG, 'user-1', 'role-1'),
    removeOrgUser: (c) => c.members.removeOrgUser(ORG, 'user-1'),
  },
  serviceUsers: {
    provisionEnterprise: (c) => c.serviceUsers.provisionEnterprise({ name: 'ci', roleId: 'role-1', ttlSeconds: 3600 }),
    provisionOrg: (c) => c.serviceUsers.provisionOrg(ORG, { name: 'ci', roleId: 'role-1', ttlSeconds: 3600 }),
    list: (c) => c.serviceUsers.list({ first: 100 }),
    get: (c) => c.serviceUsers.get(SU),
    delete: (c) => c.serviceUsers.delete(SU),
    listOrg: (c) => c.serviceUsers.listOrg(ORG, { first: 100 }),
    setOrgRole: (c) => c.serviceUsers.setOrgRole(ORG, SU, 'role-1'),
    removeFromOrg: (c) => c.serviceUsers.removeFromOrg(ORG, SU),
  },
  apiKeys: {
    create: (c) => c.apiKeys.create(SU, { name: 'deploy', expiresAt: future() }),
    list: (c) => c.apiKeys.list(SU, { status: 'all' }),
    revoke: (c) => c.apiKeys.revoke(SU, 'apikey-1'),
    rotate: (c) => c.apiKeys.rotate(SU, 'apikey-1', { newKeyExpiresAt: future(), revokeCurrent: false }),
  },
  sessions: {
    create: (c) => c.sessions.create(ORG, { prompt: 'Fix the flaky test', title: 'Flaky', tags: ['ci'], maxAcuLimit: 5, createAsUserId: 'user-1' }),
    list: (c) => c.sessions.list(ORG, { first: 20, tags: ['ci', 'nightly'], userIds: ['user-1'], createdAfter: 1_700_000_000, isArchived: false }),
    get: (c) => c.sessions.get(ORG, SESSION),
    terminate: (c) => c.sessions.terminate(ORG, SESSION, { archive: true }),
    archive: (c) => c.sessions.archive(ORG, SESSION),
    listMessages: (c) => c.sessions.listMessages(ORG, SESSION, { first: 100 }),
    sendMessage: (c) => c.sessions.sendMessage(ORG, SESSION, { message: 'Also update the docs', messageAsUserId: 'user-1' }),
    getTags: (c) => c.sessions.getTags(ORG, SESSION),
    addTags: (c) => c.sessions.addTags(ORG, SESSION, ['urgent']),
    replaceTags: (c) => c.sessions.replaceTags(ORG, SESSION, ['done']),
  },
  consumption: {
    enterpriseDaily: (c) => c.consumption.enterpriseDaily({ timeAfter: 1_767_225_600, timeBefore: 1_769_904_000 }),
    orgDaily: (c) => c.consumption.orgDaily(ORG, { timeAfter: 1_767_225_600 }),
    userDaily: (c) => c.consumption.userDaily('user-1'),
    serviceUserDaily: (c) => c.consumption.serviceUserDaily(SU),
    sessionDaily: (c) => c.consumption.sessionDaily(SESSION),
    orgUserDaily: (c) => c.consumption.orgUserDaily(ORG, 'user-1'),
    orgServiceUserDaily: (c) => c.consumption.orgServiceUserDaily(ORG, SU),
    cycles: (c) => c.consumption.cycles({ first: 12 }),
  },
  auditLogs: {
    list: (c) => c.auditLogs.list({ first: 200, order: 'asc', timeAfter: 1_767_225_600, timeBefore: 1_769_904_000, action: 'create_session' }),
    listOrg: (c) => c.auditLogs.listOrg(ORG, { first: 50 }),
  },
};

interface Seen {
  method: string;
  path: string;
  template?: string;
  problems: string[];
}

/** A client whose fetch answers every documented route with the contract's own example, and records what was asked. */
function clientAnswering(form: Form) {
  const seen: Seen[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const method = init?.method ?? 'GET';
    const route = contract.find(method, url.pathname);
    if (!route) {
      seen.push({ method, path: url.pathname, problems: ['not in the vendored contract'] });
      return new Response(JSON.stringify({ title: 'Not Found', status: 404, detail: 'not in the vendored contract' }), { status: 404 });
    }
    const body = init?.body ? (JSON.parse(String(init.body)) as unknown) : undefined;
    seen.push({ method, path: url.pathname, template: route.path, problems: contract.checkRequest(route, url.searchParams, body) });
    return Response.json(exampleOf(route.responseSchema, route.components, form));
  };
  const client = createDevinClient({ baseUrl: 'https://api.devin.example', token: 'cog_contract_test_token', fetch: fetch as typeof globalThis.fetch, maxRetries: 0 });
  return { client, seen };
}

const rows = Object.entries(CALLS).flatMap(([group, methods]) => Object.entries(methods).map(([name, call]) => ({ label: `${group}.${name}`, call })));

describe.each(['minimal', 'full'] as const)('the client reads the %s documented form of every answer', (form) => {
  it.each(rows)('$label', async ({ call }) => {
    const { client, seen } = clientAnswering(form);
    await expect(call(client)).resolves.toBeDefined();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.problems, `${seen[0]!.method} ${seen[0]!.path}`).toEqual([]);
  });
});

describe('coverage', () => {
  it('has a row for every method of every client group', () => {
    const { client } = clientAnswering('minimal');
    const groups = Object.entries(client).filter(([k, v]) => typeof v === 'object' && k !== 'budget') as [string, Record<string, unknown>][];
    const methods = groups.flatMap(([g, api]) => Object.keys(api).map((m) => `${g}.${m}`)).sort();
    expect(rows.map((r) => r.label).sort()).toEqual(methods);
  });

  it('maps an idp-users item without role_assignments (the published IdpGroupUser)', async () => {
    const { client } = clientAnswering('minimal');
    const page = await client.members.listIdpUsers({ email: 'ada@example.test' });
    expect(page.items[0]).toEqual({ userId: 'user-abc123', email: null, name: null, idpRoleAssignments: [expect.objectContaining({ idpGroupName: expect.any(String) })] });
  });

  it('reads a single user whose optional idp_role_assignments is absent as an empty list', async () => {
    const { client } = clientAnswering('minimal');
    expect((await client.members.getEnterpriseUser('user-1')).idpRoleAssignments).toEqual([]);
  });

  it('ignores fields the spec does not list, and fails clearly when one it needs is missing', async () => {
    const org = { org_id: ORG, name: 'Payments', created_at: 1, updated_at: 1, max_cycle_acu_limit: null, max_session_acu_limit: null };
    const answer = (body: unknown) =>
      createDevinClient({ baseUrl: 'https://api.devin.example', token: 'cog_x', fetch: (async () => Response.json(body)) as typeof fetch });
    await expect(answer({ ...org, brand_new_vendor_field: { nested: true } }).organizations.get(ORG)).resolves.toMatchObject({ orgId: ORG });
    await expect(answer({ ...org, name: undefined }).organizations.get(ORG)).rejects.toMatchObject({
      code: 'upstream_error',
      message: expect.stringMatching(/response field name/),
    });
  });
});
