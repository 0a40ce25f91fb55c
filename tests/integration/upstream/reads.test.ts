import { describe, expect, it } from 'vitest';
import { DEMO_ORGS, DEMO_PEOPLE } from '@/demo/directory';
import { demoOrgId, demoUserId, seededServiceUserId } from '@/emulator';
import { collectAll, paginate, type Organization } from '@/lib/upstream';
import { DAY, nowSeconds, withEmulator } from './harness';

const EXTRA_ORGS = 23;
const h = withEmulator({ extraOrgs: EXTRA_ORGS });

const orgId = (key: string) => demoOrgId(key);
const bob = demoUserId('bob');

function expectNoSnakeKeys(value: unknown) {
  expect(JSON.stringify(value)).not.toMatch(/"[a-z]+_[a-z_]+":/);
}

describe('self', () => {
  it('maps GET /v3/self to the service-user identity', async () => {
    const self = await h.client.self.get();
    expect(self).toEqual({
      principalType: 'service_user',
      serviceUserId: seededServiceUserId('portal'),
      serviceUserName: 'Portal Service',
      orgId: null,
      userId: null,
      userName: null,
      apiKeyId: null,
      apiKeyName: null,
    });
  });
});

describe('organizations (reads)', () => {
  it('lists orgs as camelCase DTOs with Unix-second timestamps and nullable limits', async () => {
    const page = await h.client.organizations.list({ first: 200 });
    expect(page.total).toBe(DEMO_ORGS.length + EXTRA_ORGS);
    expect(page.hasNextPage).toBe(false);
    expect(page.endCursor).toBeNull();
    const payments = page.items.find((o) => o.orgId === orgId('payments'));
    expect(payments).toEqual({
      orgId: orgId('payments'),
      name: 'Payments',
      createdAt: expect.any(Number),
      updatedAt: expect.any(Number),
      maxCycleAcuLimit: 3000,
      maxSessionAcuLimit: 40,
    });
    expect(payments!.createdAt).toBeLessThan(nowSeconds() + 5);
    expect(payments!.createdAt).toBeGreaterThan(1_600_000_000);
    expect(page.items.find((o) => o.orgId === orgId('growth'))).toMatchObject({ maxCycleAcuLimit: null, maxSessionAcuLimit: null });
    expectNoSnakeKeys(page);
  });

  it('walks every page with paginate, one request per page, without repeats', async () => {
    const before = h.mark();
    const seen: Organization[] = [];
    for await (const org of paginate((after, first) => h.client.organizations.list({ after, first }), { pageSize: 4 })) seen.push(org);
    const total = DEMO_ORGS.length + EXTRA_ORGS;
    expect(seen).toHaveLength(total);
    expect(new Set(seen.map((o) => o.orgId)).size).toBe(total);
    const calls = h.requestsSince(before);
    expect(calls).toHaveLength(Math.ceil(total / 4));
    expect(calls.every((r) => r.method === 'GET' && r.path === '/v3/enterprise/organizations' && r.status === 200)).toBe(true);
  });

  it('stops at the limit without fetching further pages', async () => {
    const before = h.mark();
    const firstFive = await collectAll((after, first) => h.client.organizations.list({ after, first }), { pageSize: 3, limit: 5 });
    expect(firstFive).toHaveLength(5);
    expect(h.requestsSince(before)).toHaveLength(2);
  });

  it('gets one org by id', async () => {
    await expect(h.client.organizations.get(orgId('data'))).resolves.toMatchObject({
      orgId: orgId('data'),
      name: 'Équipe de Science des Données',
    });
  });
});

describe('roles', () => {
  it('lists enterprise and org roles', async () => {
    const roles = await h.client.roles.list();
    expect(roles.items.length).toBeGreaterThan(0);
    expect(new Set(roles.items.map((r) => r.roleType))).toEqual(new Set(['enterprise', 'org']));
    expect(roles.items[0]).toEqual({ roleId: expect.any(String), roleName: expect.any(String), roleType: expect.any(String) });
  });
});

describe('members', () => {
  it('finds one enterprise user by exact email, with their org roles', async () => {
    const page = await h.client.members.listEnterpriseUsers({ email: 'bob@acme.test' });
    expect(page.items).toHaveLength(1);
    const [user] = page.items;
    expect(user).toMatchObject({ userId: bob, email: 'bob@acme.test', name: 'Bob Okafor' });
    expect(user!.roleAssignments.map((a) => a.orgId).sort()).toEqual([orgId('payments'), orgId('mobile')].sort());
    expect(user!.roleAssignments[0]!.role).toEqual({ roleId: expect.any(String), roleName: expect.any(String), roleType: 'org' });
    expectNoSnakeKeys(page);
  });

  it('lists enterprise users across pages', async () => {
    const everyone = await collectAll((after, first) => h.client.members.listEnterpriseUsers({ after, first }), { pageSize: 7 });
    expect(everyone.length).toBeGreaterThan(7);
    expect(everyone.map((u) => u.email)).toContain('alice@acme.test');
    expect(everyone.map((u) => u.email)).not.toContain('dave@acme.test');
  });

  it('gets one enterprise user with IdP-derived roles', async () => {
    const user = await h.client.members.getEnterpriseUser(bob);
    expect(user.userId).toBe(bob);
    expect(Array.isArray(user.idpRoleAssignments)).toBe(true);
  });

  it('lists IdP-derived users by email, with the group that grants each role', async () => {
    const viaGroup = DEMO_PEOPLE.find((p) => p.orgs.some((o) => o.org === 'growth'))!;
    const page = await h.client.members.listIdpUsers({ email: viaGroup.email });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]!.idpRoleAssignments).toContainEqual({
      idpGroupName: 'team-growth',
      orgId: orgId('growth'),
      role: expect.objectContaining({ roleId: expect.any(String) }),
    });
  });

  it('lists an org’s members through IdP groups on the enterprise route, which the direct list leaves out', async () => {
    const growth = orgId('growth');
    const viaGroup = DEMO_PEOPLE.filter((p) => p.orgs.some((o) => o.org === 'growth')).map((p) => p.email);
    const before = h.mark();
    const idpMembers = await collectAll((after, first) => h.client.members.listOrgIdpUsers(growth, { after, first }), { pageSize: 2 });
    expect(idpMembers.map((u) => u.email).sort()).toEqual([...viaGroup].sort());
    expect(idpMembers[0]!.idpRoleAssignments).toContainEqual({ idpGroupName: 'team-growth', orgId: growth, role: expect.objectContaining({ roleType: 'org' }) });
    expect(idpMembers[0]).not.toHaveProperty('roleAssignments');
    expect(h.requestsSince(before).every((r) => r.path === `/v3/enterprise/organizations/${growth}/members/idp-users`)).toBe(true);
    const direct = await collectAll((after) => h.client.members.listOrgUsers(growth, { after }));
    expect(direct.map((u) => u.email)).not.toContain(viaGroup[0]);
  });

  it('lists an org’s direct members on the enterprise route', async () => {
    const before = h.mark();
    const members = await collectAll((after) => h.client.members.listOrgUsers(orgId('payments'), { after }));
    expect(members.map((u) => u.userId)).toContain(bob);
    expect(h.requestsSince(before).map((r) => r.path)).toEqual([`/v3/enterprise/organizations/${orgId('payments')}/members/users`]);
  });
});

describe('consumption', () => {
  const window = () => ({ timeAfter: nowSeconds() - 30 * DAY, timeBefore: nowSeconds() });

  function expectConsumption(c: Awaited<ReturnType<typeof h.client.consumption.enterpriseDaily>>) {
    const sum = c.consumptionByDate.reduce((s, d) => s + d.acus, 0);
    expect(c.totalAcus).toBeCloseTo(sum, 3);
    for (const day of c.consumptionByDate) {
      expect(day).toEqual({
        date: expect.any(Number),
        acus: expect.any(Number),
        acusByProduct: expect.objectContaining({ devin: expect.any(Number), cascade: expect.any(Number), terminal: expect.any(Number) }),
      });
    }
    expectNoSnakeKeys(c);
  }

  it('reads enterprise and per-org daily consumption', async () => {
    const enterprise = await h.client.consumption.enterpriseDaily(window());
    expectConsumption(enterprise);
    expect(enterprise.totalAcus).toBeGreaterThan(0);
    const platform = await h.client.consumption.orgDaily(orgId('platform'), window());
    expectConsumption(platform);
    expect(platform.totalAcus).toBeGreaterThan(0);
    expect(platform.totalAcus).toBeLessThanOrEqual(enterprise.totalAcus);
  });

  it('reads per-user, per-service-user and per-session consumption', async () => {
    expectConsumption(await h.client.consumption.userDaily(bob, window()));
    expectConsumption(await h.client.consumption.serviceUserDaily(seededServiceUserId('portal'), window()));
    const [session] = (await h.client.sessions.list(orgId('platform'), { first: 1 })).items;
    expectConsumption(await h.client.consumption.sessionDaily(session!.sessionId, window()));
  });

  it('reads org-level per-user and per-service-user consumption', async () => {
    expectConsumption(await h.client.consumption.orgUserDaily(orgId('payments'), bob, window()));
    expectConsumption(await h.client.consumption.orgServiceUserDaily(orgId('platform'), seededServiceUserId('platform-ci'), window()));
  });

  it('lists billing cycles', async () => {
    const cycles = await h.client.consumption.cycles({ first: 3 });
    expect(cycles.items.length).toBeGreaterThan(0);
    for (const c of cycles.items) expect(c.before).toBeGreaterThan(c.after);
  });
});

describe('audit logs', () => {
  it('filters by action, oldest first', async () => {
    const page = await h.client.auditLogs.list({ action: 'create_org', order: 'asc', first: 10 });
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((e) => e.action === 'create_org')).toBe(true);
    const times = page.items.map((e) => e.createdAt);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(page.items[0]).toEqual({
      auditLogId: expect.any(String),
      action: 'create_org',
      createdAt: expect.any(Number),
      data: expect.any(Object),
      orgId: expect.any(String),
      userId: null,
      userEmail: null,
      serviceUserId: seededServiceUserId('portal'),
      serviceUserName: 'Portal Service',
    });
  });

  it('filters by a time window, newest first by default', async () => {
    const timeAfter = nowSeconds() - 20 * DAY;
    const timeBefore = nowSeconds() - 10 * DAY;
    const entries = await collectAll((after, first) => h.client.auditLogs.list({ timeAfter, timeBefore, after, first }), { pageSize: 50 });
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => e.createdAt >= timeAfter && e.createdAt < timeBefore)).toBe(true);
    const times = entries.map((e) => e.createdAt);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('lists one org’s audit log', async () => {
    const page = await h.client.auditLogs.listOrg(orgId('payments'), { first: 20 });
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((e) => e.orgId === orgId('payments'))).toBe(true);
  });
});
