import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PEOPLE } from '@/demo/directory';
import { demoOrgId, startEmulator, type RunningEmulator } from '@/emulator';
import type { PortalUser } from '@/lib/auth/types';
import type * as ManageOrg from '@/lib/orgs/manage-org';
import type * as Members from '@/lib/orgs/members';
import type * as VisibleOrgs from '@/lib/orgs/visible-orgs';
import type * as Trail from '@/lib/trail';
import type * as Storage from '@/lib/storage/db';
import { setPortalEnv } from '../../helpers/portal-env';

let emulator: RunningEmulator;
let token: string;
let dir: string;
let manage: typeof ManageOrg;
let members: typeof Members;
let visible: typeof VisibleOrgs;
let trail: typeof Trail;
let storage: typeof Storage;

function person(key: string, role: PortalUser['role'] = 'member'): PortalUser {
  const p = DEMO_PEOPLE.find((x) => x.key === key)!;
  return { id: `sub-${p.key}`, email: p.email, name: p.name, role };
}
const alice = person('alice', 'admin');
const ctx = { user: alice, requestId: 'req-admin', granter: 'admin' as const };

async function createOrg(name: string) {
  const res = await fetch(`${emulator.url}/v3/enterprise/organizations`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, max_cycle_acu_limit: 100, max_session_acu_limit: 10 }),
  });
  return ((await res.json()) as { org_id: string }).org_id;
}

beforeAll(async () => {
  token = `cog_${randomBytes(16).toString('hex')}`;
  emulator = await startEmulator({ port: 0, adminToken: token, extraOrgs: 260 });
  dir = mkdtempSync(join(tmpdir(), 'portal-orgs-admin-'));
  setPortalEnv({ url: emulator.url, token }, { DATABASE_URL: `file:${join(dir, 'portal.db')}` });
  [manage, members, visible, trail, storage] = await Promise.all([
    import('@/lib/orgs/manage-org'),
    import('@/lib/orgs/members'),
    import('@/lib/orgs/visible-orgs'),
    import('@/lib/trail'),
    import('@/lib/storage/db'),
  ]);
});

afterAll(async () => {
  await storage?.closeDb();
  await emulator?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('org administration (real emulator)', () => {
  it('renames an org and changes its limits, recording before and after', async () => {
    const orgId = await createOrg(`Rename Me ${randomUUID().slice(0, 6)}`);
    const newName = `Renamed Équipe ${randomUUID().slice(0, 6)}`;
    const updated = await manage.updateOrg(orgId, { name: newName, maxCycleAcuLimit: null }, ctx);
    expect(updated).toMatchObject({ orgId, name: newName, maxCycleAcuLimit: null, maxSessionAcuLimit: 10 });
    const [event] = (await trail.listTrail({ action: 'org.update', orgId })).items;
    expect(event).toMatchObject({ actorEmail: alice.email, outcome: 'ok', input: { change: { name: newName, maxCycleAcuLimit: null }, before: { maxCycleAcuLimit: 100 } } });
  });

  it('refuses renaming to the name of another org', async () => {
    const orgId = await createOrg(`Taken Check ${randomUUID().slice(0, 6)}`);
    await expect(manage.updateOrg(orgId, { name: 'PAYMENTS' }, ctx)).rejects.toMatchObject({ code: 'conflict', field: 'name' });
  });

  it('deletes an org and records who did it', async () => {
    const orgId = await createOrg(`Delete Me ${randomUUID().slice(0, 6)}`);
    await manage.deleteOrg(orgId, ctx);
    const res = await fetch(`${emulator.url}/v3/enterprise/organizations/${orgId}`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(404);
    expect((await trail.findTrailByTargetIds([orgId])).map((e) => [e.action, e.actorEmail])).toEqual([['org.delete', alice.email]]);
  });

  it('adds a member by email with an org role and removes them, both in the trail', async () => {
    const orgId = await createOrg(`Members ${randomUUID().slice(0, 6)}`);
    const roles = await members.listOrgRoles();
    expect(roles.map((r) => r.roleName)).toEqual(expect.arrayContaining(['Org Admin', 'Org Member']));
    expect(roles.every((r) => r.roleType !== 'enterprise')).toBe(true);
    const memberRole = roles.find((r) => r.roleName === 'Org Member')!;
    const added = await members.addOrgMember(orgId, { email: 'carol@acme.test', roleId: memberRole.roleId }, ctx);
    expect(added).toMatchObject({ email: 'carol@acme.test', role: { roleName: 'Org Member' } });
    expect((await members.listOrgMembers(orgId)).items.map((m) => [m.email, m.role?.roleName])).toEqual([['carol@acme.test', 'Org Member']]);

    await members.removeOrgMember(orgId, added.userId, ctx);
    expect((await members.listOrgMembers(orgId)).items).toEqual([]);
    const events = await trail.findTrailByTargetIds([added.userId]);
    expect(events.filter((e) => e.orgId === orgId).map((e) => e.action)).toEqual(['org.member.add', 'org.member.remove']);
  });

  it('names the field when the email is unknown to Devin or the role is not an org role', async () => {
    const orgId = demoOrgId('security');
    await expect(members.addOrgMember(orgId, { email: 'nobody@acme.test', roleId: 'role-org-member' }, ctx)).rejects.toMatchObject({ field: 'email' });
    await expect(members.addOrgMember(orgId, { email: 'carol@acme.test', roleId: 'role-enterprise-admin' }, ctx)).rejects.toMatchObject({ field: 'roleId' });
  });
});

describe('org admin guard rails', () => {
  const memberOf = async (orgId: string) =>
    (await members.listOrgMembers(orgId, { first: 200 })).items.map((m) => [m.email, m.role?.roleName] as [string | null, string | undefined]);

  it("never removes or demotes an org's only admin, and says why", async () => {
    const orgId = await createOrg(`Lone Admin ${randomUUID().slice(0, 6)}`);
    const bob = await members.addOrgMember(orgId, { email: 'bob@acme.test', roleId: 'role-org-admin' }, ctx);
    await expect(members.addOrgMember(orgId, { email: 'bob@acme.test', roleId: 'role-org-member' }, ctx)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/only admin/),
    });
    await expect(members.removeOrgMember(orgId, bob.userId, ctx)).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/only admin/) });
    expect(await memberOf(orgId)).toEqual([['bob@acme.test', 'Org Admin']]);

    // With a second admin, either may step down.
    await members.addOrgMember(orgId, { email: 'carol@acme.test', roleId: 'role-org-admin' }, ctx);
    await members.addOrgMember(orgId, { email: 'bob@acme.test', roleId: 'role-org-member' }, ctx);
    expect((await memberOf(orgId)).sort()).toEqual([
      ['bob@acme.test', 'Org Member'],
      ['carol@acme.test', 'Org Admin'],
    ]);
  });

  it('caps what a granter may hand out at their own standing', async () => {
    const orgId = await createOrg(`Capped ${randomUUID().slice(0, 6)}`);
    emulator.clearRequests();
    const asSessionsRole = { ...ctx, granter: 'sessions' as const };
    await expect(members.addOrgMember(orgId, { email: 'carol@acme.test', roleId: 'role-org-admin' }, asSessionsRole)).rejects.toMatchObject({
      code: 'forbidden',
      field: 'roleId',
    });
    expect(emulator.requests().filter((r) => r.method === 'POST')).toEqual([]);
    await expect(members.addOrgMember(orgId, { email: 'carol@acme.test', roleId: 'role-org-member' }, asSessionsRole)).resolves.toMatchObject({
      role: { roleName: 'Org Member' },
    });
  });
});

describe('listing and searching orgs', () => {
  it('finds an org by name without case or accents, for admins and members', async () => {
    const adminHits = await visible.listVisibleOrgs(alice, { q: 'DONNEES' });
    expect(adminHits.items.map((o) => o.name)).toEqual(['Équipe de Science des Données']);
    const carolHits = await visible.listVisibleOrgs(person('carol'), { q: 'science' });
    expect(carolHits.items).toHaveLength(1);
    expect(carolHits.items[0]!.membership).toMatchObject({ roleName: 'Org Member' });
    expect((await visible.listVisibleOrgs(person('carol'), { q: 'payments' })).items).toEqual([]);
  });

  it('pages a search over hundreds of orgs with cursors: every match once, in order, no empty last page', async () => {
    const all: string[] = [];
    let after: string | null = null;
    let calls = 0;
    do {
      const page = await visible.listVisibleOrgs(alice, { q: 'platform', first: 7, after });
      expect(page.items.length).toBeGreaterThan(0);
      all.push(...page.items.map((o) => o.orgId));
      after = page.endCursor;
      calls++;
    } while (after);
    expect(calls).toBeGreaterThan(3);
    const everything: { org_id: string; name: string }[] = [];
    let cursor: string | null = null;
    do {
      const url = `${emulator.url}/v3/enterprise/organizations?first=200${cursor ? `&after=${encodeURIComponent(cursor)}` : ''}`;
      const page = (await (await fetch(url, { headers: { Authorization: `Bearer ${token}` } })).json()) as {
        items: { org_id: string; name: string }[];
        end_cursor: string | null;
        has_next_page: boolean;
      };
      everything.push(...page.items);
      cursor = page.has_next_page ? page.end_cursor : null;
    } while (cursor);
    expect(all).toEqual(everything.filter((o) => /platform/i.test(o.name)).map((o) => o.org_id));
  });

  it('pages through every org for admins using Devin’s own cursors', async () => {
    const first = await visible.listVisibleOrgs(alice, { first: 100 });
    expect(first.total).toBeGreaterThan(260);
    expect(first.hasNextPage).toBe(true);
    const second = await visible.listVisibleOrgs(alice, { first: 100, after: first.endCursor });
    expect(new Set([...first.items, ...second.items].map((o) => o.orgId)).size).toBe(200);
  });

  it('refuses a cursor it did not give out', async () => {
    await expect(visible.listVisibleOrgs(alice, { q: 'x', after: 'bogus' })).rejects.toMatchObject({ code: 'unprocessable_entity', field: 'after' });
  });
});
