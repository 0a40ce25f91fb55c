import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORGS, DEMO_PEOPLE } from '@/demo/directory';
import { demoUserId, startEmulator, type RunningEmulator } from '@/emulator';
import type * as OrgAccess from '@/lib/access/org-access';
import type { PortalUser } from '@/lib/auth/types';
import { setPortalEnv } from '../../helpers/portal-env';

let emulator: RunningEmulator;
let access: typeof OrgAccess;
let orgIdByName: Map<string, string>;

function person(key: string, role: PortalUser['role'] = 'member'): PortalUser {
  const p = DEMO_PEOPLE.find((x) => x.key === key)!;
  return { id: p.key, email: p.email, name: p.name, role };
}

beforeAll(async () => {
  const token = `cog_${randomBytes(16).toString('hex')}`;
  emulator = await startEmulator({ port: 0, adminToken: token });
  setPortalEnv({ url: emulator.url, token });
  access = await import('@/lib/access/org-access');
  const res = await fetch(`${emulator.url}/v3/enterprise/organizations?first=200`, { headers: { Authorization: `Bearer ${token}` } });
  const body = (await res.json()) as { items: { org_id: string; name: string }[] };
  orgIdByName = new Map(body.items.map((o) => [o.name, o.org_id]));
});

afterAll(async () => {
  await emulator?.close();
});

const orgId = (key: string) => orgIdByName.get(DEMO_ORGS.find((o) => o.key === key)!.name)!;

describe('getOrgAccess (against the emulator)', () => {
  it('finds a member by SSO email with their direct org roles', async () => {
    const bob = await access.getOrgAccess(person('bob'));
    expect(bob.allOrgs).toBe(false);
    expect(bob.devinUserId).toMatch(/\S/);
    expect([...bob.memberships.keys()].sort()).toEqual([orgId('payments'), orgId('mobile')].sort());
    expect(bob.memberships.get(orgId('payments'))).toMatchObject({ isOrgAdmin: true, via: 'direct' });
    expect(bob.memberships.get(orgId('mobile'))).toMatchObject({ isOrgAdmin: false, via: 'direct' });
  });

  it('includes orgs a person belongs to only through an IdP group', async () => {
    const viaGroup = DEMO_PEOPLE.find((p) => p.orgs.some((o) => o.org === 'growth'))!;
    const result = await access.getOrgAccess(person(viaGroup.key));
    expect(result.memberships.get(orgId('growth'))).toMatchObject({ via: 'idp-group' });
  });

  it('gives someone Devin does not list no orgs, and admins all of them', async () => {
    expect((await access.getOrgAccess(person('dave'))).memberships.size).toBe(0);
    expect((await access.getOrgAccess(person('alice', 'admin'))).allOrgs).toBe(true);
  });

  it('answers not_found, never forbidden, for an org the member is not in', async () => {
    await expect(access.assertOrgAccess(person('carol'), orgId('payments'))).rejects.toMatchObject({ code: 'not_found' });
    await expect(access.assertOrgAccess(person('carol'), orgId('data'))).resolves.toBeTruthy();
  });

  it('lets only org admins manage', async () => {
    await expect(access.assertOrgAccess(person('bob'), orgId('payments'), 'manage')).resolves.toBeTruthy();
    await expect(access.assertOrgAccess(person('bob'), orgId('mobile'), 'manage')).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('caches the lookup briefly instead of asking Devin on every request', async () => {
    await access.forgetOrgAccess();
    emulator.clearRequests();
    await access.getOrgAccess(person('carol'));
    await access.getOrgAccess(person('carol'));
    await access.getOrgAccess(person('carol'));
    const lookups = emulator.requests().filter((r) => r.path.includes('/members/'));
    // Once: the two email look-ups (direct and through IdP groups), then the one-call read of all their roles.
    expect(lookups.map((r) => r.path).sort()).toEqual(['/v3/enterprise/members/idp-users', '/v3/enterprise/members/users', `/v3/enterprise/members/users/${demoUserId('carol')}`]);
  });
});
