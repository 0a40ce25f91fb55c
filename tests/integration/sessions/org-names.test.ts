import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoOrgId, startEmulator, type RunningEmulator } from '@/emulator';
import type * as Identity from '@/lib/access/portal-identity';
import type * as Orgs from '@/lib/sessions/orgs';
import type * as Storage from '@/lib/storage/db';
import { setPortalEnv } from '../../helpers/portal-env';

let emulator: RunningEmulator;
let token: string;
let orgs: typeof Orgs;
let identity: typeof Identity;
let storage: typeof Storage;
const PAYMENTS = demoOrgId('payments');
const NOWHERE = 'org-000000000000';

beforeAll(async () => {
  token = `cog_${randomBytes(16).toString('hex')}`;
  emulator = await startEmulator({ port: 0, adminToken: token });
  setPortalEnv({ url: emulator.url, token });
  [orgs, identity, storage] = await Promise.all([import('@/lib/sessions/orgs'), import('@/lib/access/portal-identity'), import('@/lib/storage/db')]);
});

afterAll(async () => {
  await storage?.closeDb();
  await emulator?.close();
});

describe('org names for session pages', () => {
  it('come from the org directory; an org it lacks is read, and one that cannot be read shows by its id', async () => {
    await orgs.loadSessionOrgs([PAYMENTS], 'directory'); // warms the directory
    emulator.clearRequests();
    const [payments, nowhere] = await orgs.loadSessionOrgs([PAYMENTS, NOWHERE], 'directory');
    expect(payments).toMatchObject({ orgId: PAYMENTS, name: 'Payments' });
    expect(nowhere).toEqual({ orgId: NOWHERE, name: NOWHERE, maxSessionAcuLimit: null });
    expect(emulator.requests().map((r) => r.path)).toEqual([`/v3/enterprise/organizations/${NOWHERE}`]);
  });

  it('for writes are read fresh, and an org that cannot be read fails the call', async () => {
    emulator.clearRequests();
    const [payments] = await orgs.loadSessionOrgs([PAYMENTS], 'fresh');
    expect(payments!.name).toBe('Payments');
    expect(emulator.requests().map((r) => r.path)).toEqual([`/v3/enterprise/organizations/${PAYMENTS}`]);
    await expect(orgs.loadSessionOrgs([PAYMENTS, NOWHERE], 'fresh')).rejects.toMatchObject({ status: 404 });
  });
});

describe('the portal’s own identity', () => {
  it('is read once a minute, and afresh for another token', async () => {
    emulator.clearRequests();
    const first = await identity.getPortalSelf();
    await identity.getPortalSelf();
    expect(emulator.requests().filter((r) => r.path === '/v3/self')).toHaveLength(1);

    setPortalEnv({ url: emulator.url, token: emulator.tokens.reader });
    const other = await identity.getPortalSelf();
    expect(emulator.requests().filter((r) => r.path === '/v3/self')).toHaveLength(2);
    expect(other).not.toEqual(first);
    setPortalEnv({ url: emulator.url, token });
  });
});
