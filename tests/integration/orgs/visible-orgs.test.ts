import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORGS, DEMO_PEOPLE } from '@/demo/directory';
import { startEmulator, type RunningEmulator } from '@/emulator';
import type { PortalUser } from '@/lib/auth/types';
import type * as VisibleOrgs from '@/lib/orgs/visible-orgs';
import { setPortalEnv } from '../../helpers/portal-env';

// More orgs than one upstream page (200) holds, as in a large enterprise.
const EXTRA_ORGS = 230;

let emulator: RunningEmulator;
let orgs: typeof VisibleOrgs;

function person(key: string, role: PortalUser['role'] = 'member'): PortalUser {
  const p = DEMO_PEOPLE.find((x) => x.key === key)!;
  return { id: p.key, email: p.email, name: p.name, role };
}

beforeAll(async () => {
  const token = `cog_${randomBytes(16).toString('hex')}`;
  emulator = await startEmulator({ port: 0, adminToken: token, extraOrgs: EXTRA_ORGS });
  setPortalEnv({ url: emulator.url, token });
  orgs = await import('@/lib/orgs/visible-orgs');
});

afterAll(async () => {
  await emulator?.close();
});

describe('visible orgs (against the emulator)', () => {
  it('gives an admin every org, across upstream pages, each once', async () => {
    const all = await orgs.listAllVisibleOrgs(person('alice', 'admin'));
    expect(all).toHaveLength(DEMO_ORGS.length + EXTRA_ORGS);
    expect(new Set(all.map((o) => o.orgId)).size).toBe(all.length);
    const firstPage = await orgs.listVisibleOrgs(person('alice', 'admin'), { first: 200 });
    expect(firstPage).toMatchObject({ hasNextPage: true, total: all.length });
  });

  it('gives a member only their own orgs, sorted by name, with their role', async () => {
    const bob = await orgs.listAllVisibleOrgs(person('bob'));
    const names = DEMO_PEOPLE.find((p) => p.key === 'bob')!.orgs.map((m) => DEMO_ORGS.find((o) => o.key === m.org)!.name);
    expect(bob.map((o) => o.name)).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect(bob.every((o) => o.membership !== null)).toBe(true);
    expect(await orgs.listAllVisibleOrgs(person('dave'))).toEqual([]);
  });

  it('pages a member’s orgs and a search in memory with stable cursors', async () => {
    const first = await orgs.listVisibleOrgs(person('bob'), { first: 1 });
    expect(first.items).toHaveLength(1);
    const second = await orgs.listVisibleOrgs(person('bob'), { first: 1, after: first.endCursor });
    expect(second.items[0]!.orgId).not.toBe(first.items[0]!.orgId);
    const found = await orgs.listVisibleOrgs(person('alice', 'admin'), { q: 'EQUIPE de science', first: 10 });
    expect(found.items.map((o) => o.name)).toEqual(['Équipe de Science des Données']);
  });
});

describe('the org directory cache', () => {
  const ctx = { user: person('alice', 'admin'), requestId: 'req-org-cache' };
  const admin = () => orgs.listAllVisibleOrgs(person('alice', 'admin'));
  const rename = (orgId: string, name: string) =>
    fetch(`${emulator.url}/v3/enterprise/organizations/${orgId}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${process.env.DEVIN_SERVICE_USER_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name }),
    });

  it('answers pickers from one list read a minute, and sees the portal’s own renames at once', async () => {
    const { updateOrg } = await import('@/lib/orgs/manage-org');
    const target = (await admin()).find((o) => o.name === 'Growth')!;
    emulator.clearRequests();
    await admin();
    await admin();
    expect(emulator.requests().filter((r) => r.path === '/v3/enterprise/organizations')).toHaveLength(0);

    // A rename behind the portal's back is seen only when the minute is up…
    await rename(target.orgId, 'Growth (renamed in Devin)');
    expect((await admin()).find((o) => o.orgId === target.orgId)!.name).toBe('Growth');
    // …one made through the portal at once, on every instance (the store's version moves).
    await updateOrg(target.orgId, { name: 'Growth Marketing' }, ctx);
    expect((await admin()).find((o) => o.orgId === target.orgId)!.name).toBe('Growth Marketing');
    await rename(target.orgId, 'Growth');
  });
});
