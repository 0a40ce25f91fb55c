import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_PEOPLE } from '@/demo/directory';
import { demoOrgId, ROLE_IDS, seededServiceUserId, startEmulator, type RunningEmulator } from '@/emulator';
import type * as OrgRoles from '@/lib/access/org-roles';
import type { OrgRoleTier } from '@/lib/access/org-roles';
import type { OrgStanding } from '@/lib/access/resolve';
import type { PortalUser } from '@/lib/auth/types';
import type * as Grantable from '@/lib/service-users/grantable-roles';
import type * as ServiceUsers from '@/lib/service-users/service-users';
import type * as Storage from '@/lib/storage/db';
import type * as Trail from '@/lib/trail';
import type * as Jobs from '@/lib/jobs';
import type * as JobStore from '@/lib/jobs/store';
import type * as AlertStore from '@/lib/alerts/store';
import { setPortalEnv } from '../../helpers/portal-env';
import { startRewritingProxy } from '../../helpers/rewriting-proxy';

let emulator: RunningEmulator;
let adminToken: string;
let dir: string;
let su: typeof ServiceUsers;
let grantable: typeof Grantable;
let trail: typeof Trail;
let storage: typeof Storage;
let orgRoles: typeof OrgRoles;
let jobs: typeof Jobs;
let jobStore: typeof JobStore;
let alertStore: typeof AlertStore;

function person(key: string, role: PortalUser['role'] = 'member'): PortalUser {
  const p = DEMO_PEOPLE.find((x) => x.key === key)!;
  return { id: `sub-${p.key}`, email: p.email, name: p.name, role };
}
const alice = person('alice', 'admin');
const bob = person('bob');
const PAYMENTS = demoOrgId('payments');
const PLATFORM = demoOrgId('platform');
const ctx = (user: PortalUser) => ({ user, requestId: `req-${randomBytes(4).toString('hex')}` });
const unique = (base: string) => `${base}-${randomBytes(3).toString('hex')}`;

/** A person's standing in an org as the wrapper resolves it (portal admins stand as org admins). */
const standing = (orgId: string, tier: OrgRoleTier): OrgStanding => ({ orgId, membership: null, tier, isOrgAdmin: tier === 'admin' });

function pointAt(token: string) {
  setPortalEnv({ url: emulator.url, token }, { DATABASE_URL: `file:${join(dir, 'portal.db')}` });
}

async function devin<T>(path: string, token = adminToken): Promise<{ status: number; body: T }> {
  const res = await fetch(`${emulator.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as T };
}

/** Every byte the portal store has written, WAL included, as text. */
function storeContents(): string {
  return readdirSync(dir)
    .map((f) => readFileSync(join(dir, f)).toString('latin1'))
    .join('\n');
}

beforeAll(async () => {
  adminToken = `cog_${randomBytes(16).toString('hex')}`;
  emulator = await startEmulator({ port: 0, adminToken });
  dir = mkdtempSync(join(tmpdir(), 'portal-service-users-'));
  pointAt(adminToken);
  [su, grantable, trail, storage, orgRoles, jobs, jobStore, alertStore] = await Promise.all([
    import('@/lib/service-users/service-users'),
    import('@/lib/service-users/grantable-roles'),
    import('@/lib/trail'),
    import('@/lib/storage/db'),
    import('@/lib/access/org-roles'),
    import('@/lib/jobs'),
    import('@/lib/jobs/store'),
    import('@/lib/alerts/store'),
  ]);
});

afterEach(() => {
  vi.useRealTimers();
  pointAt(adminToken);
});

afterAll(async () => {
  await storage?.closeDb();
  await emulator?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('grantable roles', () => {
  it('offers only org roles, never more than the caller holds in the org', async () => {
    const asAdmin = await grantable.listGrantableRoles(standing(PAYMENTS, 'admin'));
    expect(asAdmin.map((r) => r.roleName)).toEqual(['Org Viewer', 'Org Member', 'Org Admin']);
    const asOrgMember = await grantable.listGrantableRoles(standing(PAYMENTS, 'sessions'));
    expect(asOrgMember.map((r) => r.roleName)).toEqual(['Org Viewer', 'Org Member']);
  });

  it('ranks roles by their configured id, never by name', () => {
    expect(orgRoles.orgRoleTier(ROLE_IDS.orgAdmin)).toBe('admin');
    expect(orgRoles.orgRoleTier(ROLE_IDS.orgMember)).toBe('sessions');
    expect(orgRoles.orgRoleTier(ROLE_IDS.orgViewer)).toBe('viewer');
    // A role whose name says admin but whose id is not configured as one is not an admin role.
    expect(orgRoles.orgRoleTier('role-custom-admin-viewers')).toBe('viewer');
    expect(orgRoles.mayGrant('sessions', { roleId: ROLE_IDS.orgAdmin, roleName: 'Org Admin', roleType: 'org' })).toBe(false);
    expect(orgRoles.mayGrant('admin', { roleId: ROLE_IDS.orgAdmin, roleName: 'Org Admin', roleType: 'org' })).toBe(true);
    // An unknown or missing role_type is not taken for an org role.
    expect(orgRoles.mayGrant('admin', { roleId: ROLE_IDS.orgViewer, roleName: 'Org Viewer', roleType: null })).toBe(false);
    expect(orgRoles.mayGrant('admin', { roleId: ROLE_IDS.orgViewer, roleName: 'Org Viewer', roleType: 'account' })).toBe(false);
  });
});

describe('service users (real emulator, real SQLite store)', () => {
  it('provisions a service user whose token works, is returned once and is stored nowhere', async () => {
    const roles = await grantable.listGrantableRoles(standing(PAYMENTS, 'admin'));
    const name = unique('ci-deploy');
    const created = await su.createOrgServiceUser(PAYMENTS, { name, roleId: ROLE_IDS.orgMember, lifetime: '30d' }, roles, ctx(bob));

    expect(created.token).toMatch(/^cog_/);
    expect(created.serviceUser).toMatchObject({ name, role: { roleId: ROLE_IDS.orgMember, roleName: 'Org Member' } });
    expect(created.serviceUser.expiresAt! - Date.now() / 1000).toBeGreaterThan(29 * 86_400);
    expect(created.serviceUser.keys).toHaveLength(1);
    const self = await devin<{ service_user_id: string }>('/v3/self', created.token);
    expect(self.body.service_user_id).toBe(created.serviceUser.serviceUserId);

    const [event] = (await trail.listTrail({ action: 'service-user.create', orgId: PAYMENTS })).items;
    expect(event).toMatchObject({ actorEmail: bob.email, outcome: 'ok', targetIds: { serviceUserId: created.serviceUser.serviceUserId } });
    expect(JSON.stringify(event)).not.toContain(created.token);
    expect(storeContents()).not.toContain(created.token.slice(4));

    const listed = await su.listOrgServiceUsers(standing(PAYMENTS, 'admin'));
    expect(listed.find((s) => s.serviceUserId === created.serviceUser.serviceUserId)?.keys).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(created.token);
  });

  it('refuses a role the caller may not grant, without calling Devin', async () => {
    const roles = await grantable.listGrantableRoles(standing(PAYMENTS, 'sessions'));
    emulator.clearRequests();
    await expect(
      su.createOrgServiceUser(PAYMENTS, { name: unique('too-strong'), roleId: ROLE_IDS.orgAdmin, lifetime: '30d' }, roles, ctx(bob)),
    ).rejects.toMatchObject({ code: 'unprocessable_entity', field: 'roleId' });
    expect(emulator.requests().filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('refuses a second service user with the same name in the org', async () => {
    const roles = await grantable.listGrantableRoles(standing(PAYMENTS, 'admin'));
    const name = unique('dup');
    await su.createOrgServiceUser(PAYMENTS, { name, roleId: ROLE_IDS.orgViewer, lifetime: '30d' }, roles, ctx(alice));
    await expect(
      su.createOrgServiceUser(PAYMENTS, { name: name.toUpperCase(), roleId: ROLE_IDS.orgViewer, lifetime: '30d' }, roles, ctx(alice)),
    ).rejects.toMatchObject({ code: 'conflict', field: 'name' });
  });

  it('turns Devin refusing the grant into a clear forbidden error, recorded in the trail', async () => {
    pointAt(emulator.tokens.noImpersonate);
    const name = unique('impersonator');
    const orgAdmin = { roleId: ROLE_IDS.orgAdmin, roleName: 'Org Admin' };
    const err = await su.createOrgServiceUser(PAYMENTS, { name, roleId: orgAdmin.roleId, lifetime: '30d' }, [orgAdmin], ctx(alice)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'forbidden', missingPermission: 'ImpersonateOrgSessions' });
    expect((err as Error).message).toMatch(/cannot be given more than the portal's own Devin service user holds/);
    const events = (await trail.listTrail({ action: 'service-user.create', orgId: PAYMENTS })).items;
    expect(events.find((e) => (e.input as { name: string }).name === name)).toMatchObject({ outcome: 'error', errorCode: 'upstream_error' });
  });

  it('creates extra keys, refusing one that would outlive its service user', async () => {
    const roles = await grantable.listGrantableRoles(standing(PAYMENTS, 'admin'));
    const created = await su.createOrgServiceUser(PAYMENTS, { name: unique('keys'), roleId: ROLE_IDS.orgViewer, lifetime: '30d' }, roles, ctx(alice));
    const id = created.serviceUser.serviceUserId;
    // A 30-day service user: its keys default to its own end; of the fixed lifetimes only 7 days fits.
    expect(created.serviceUser.keyLifetimes).toEqual(['service-user', '7d']);
    await expect(su.createKey(PAYMENTS, id, { name: 'too-long', lifetime: '90d' }, ctx(alice))).rejects.toMatchObject({
      code: 'unprocessable_entity',
      field: 'lifetime',
      message: expect.stringMatching(/^lifetime: the service user itself expires on \d{4}-\d{2}-\d{2}/),
    });
    const matching = await su.createKey(PAYMENTS, id, { name: 'matching', lifetime: 'service-user' }, ctx(alice));
    const rotated = await su.rotateKey(PAYMENTS, id, matching.apiKeyId, { overlap: 'none', lifetime: 'service-user' }, ctx(alice));
    const key = await su.createKey(PAYMENTS, id, { name: 'nightly', lifetime: '7d' }, ctx(alice));
    expect(key.token).toMatch(/^cog_/);
    const listed = (await su.listOrgServiceUsers(standing(PAYMENTS, 'admin'))).find((s) => s.serviceUserId === id)!;
    expect(listed.keys.find((k) => k.apiKeyId === key.apiKeyId)).toMatchObject({ name: 'nightly', status: 'active', expiresInDays: 7 });
    expect(listed.expiresAt).toEqual(expect.any(Number));
    expect(listed.keys.find((k) => k.apiKeyId === rotated.apiKeyId)).toMatchObject({ name: 'matching', status: 'active', expiresAt: listed.expiresAt });
  });

  it('rotates at once: the old key stops working immediately', async () => {
    const roles = await grantable.listGrantableRoles(standing(PAYMENTS, 'admin'));
    const created = await su.createOrgServiceUser(PAYMENTS, { name: unique('rotate-now'), roleId: ROLE_IDS.orgViewer, lifetime: '90d' }, roles, ctx(alice));
    const [oldKey] = created.serviceUser.keys;
    const next = await su.rotateKey(PAYMENTS, created.serviceUser.serviceUserId, oldKey!.apiKeyId, { overlap: 'none', lifetime: '30d' }, ctx(alice));
    expect((await devin('/v3/self', created.token)).status).toBe(401);
    expect((await devin('/v3/self', next.token)).status).toBe(200);
  });

  it('rotates with an overlap: both keys work, then a job revokes the old one in the rotating person’s name; listing never revokes', async () => {
    const roles = await grantable.listGrantableRoles(standing(PAYMENTS, 'admin'));
    const created = await su.createOrgServiceUser(PAYMENTS, { name: unique('rotate-overlap'), roleId: ROLE_IDS.orgViewer, lifetime: '90d' }, roles, ctx(bob));
    const id = created.serviceUser.serviceUserId;
    const oldKeyId = created.serviceUser.keys[0]!.apiKeyId;
    const next = await su.rotateKey(PAYMENTS, id, oldKeyId, { overlap: '1h', lifetime: '30d' }, ctx(bob));

    expect((await devin('/v3/self', created.token)).status).toBe(200);
    expect((await devin('/v3/self', next.token)).status).toBe(200);
    const during = (await su.listOrgServiceUsers(standing(PAYMENTS, 'admin'))).find((s) => s.serviceUserId === id)!;
    const old = during.keys.find((k) => k.apiKeyId === oldKeyId)!;
    expect(old.status).toBe('active');
    expect(old.revokeScheduledAt! - Date.now() / 1000).toBeGreaterThan(3_500);
    const [job] = await jobStore.listJobs({ kind: 'key.revoke', orgId: PAYMENTS }).then((all) => all.filter((j) => (j.payload as { apiKeyId: string }).apiKeyId === oldKeyId));
    expect(job).toMatchObject({ status: 'pending', dueAt: old.revokeScheduledAt, scheduledAt: old.revokeScheduledAt, actor: { sub: bob.id, email: bob.email, name: bob.name }, orgId: PAYMENTS });

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 2 * 3_600_000);
    // A GET never writes: listing after the overlap shows the key still active, due for revocation.
    emulator.clearRequests();
    const listedLate = (await su.listOrgServiceUsers(standing(PAYMENTS, 'admin'))).find((s) => s.serviceUserId === id)!;
    expect(listedLate.keys.find((k) => k.apiKeyId === oldKeyId)?.status).toBe('active');
    expect(emulator.requests().filter((r) => r.method !== 'GET')).toEqual([]);

    const report = await jobs.runJobsOnce({ recurring: false });
    expect(report.done).toContain(job!.id);
    const after = (await su.listOrgServiceUsers(standing(PAYMENTS, 'admin'))).find((s) => s.serviceUserId === id)!;
    expect(after.keys.find((k) => k.apiKeyId === oldKeyId)).toMatchObject({ status: 'revoked', revokeScheduledAt: null });
    expect(after.keys.find((k) => k.apiKeyId === next.apiKeyId)?.status).toBe('active');
    expect((await devin('/v3/self', created.token)).status).toBe(401);
    expect((await devin('/v3/self', next.token)).status).toBe(200);

    const revokes = (await trail.listTrail({ action: 'service-user.key.revoke', orgId: PAYMENTS })).items;
    expect(revokes.filter((e) => e.targetIds.apiKeyId === oldKeyId)).toEqual([
      expect.objectContaining({ actorEmail: bob.email, outcome: 'ok', input: { serviceUserId: id, apiKeyId: oldKeyId, scheduled: true } }),
    ]);
    // Running the jobs again does not revoke twice.
    await jobs.runJobsOnce({ recurring: false });
    expect((await trail.listTrail({ action: 'service-user.key.revoke', orgId: PAYMENTS })).items.filter((e) => e.targetIds.apiKeyId === oldKeyId)).toHaveLength(1);
  });

  it('the job runner revokes overdue keys in every org without anyone opening the page, exactly once even with runners racing', async () => {
    const bobRoles = await grantable.listGrantableRoles(standing(PAYMENTS, 'admin'));
    const aliceRoles = await grantable.listGrantableRoles(standing(PLATFORM, 'admin'));
    const inPayments = await su.createOrgServiceUser(PAYMENTS, { name: unique('sweep-payments'), roleId: ROLE_IDS.orgViewer, lifetime: '90d' }, bobRoles, ctx(bob));
    const inPlatform = await su.createOrgServiceUser(PLATFORM, { name: unique('sweep-platform'), roleId: ROLE_IDS.orgViewer, lifetime: '90d' }, aliceRoles, ctx(alice));
    const rotate = (org: string, created: typeof inPayments, overlap: '1h' | '24h', who: PortalUser) =>
      su.rotateKey(org, created.serviceUser.serviceUserId, created.serviceUser.keys[0]!.apiKeyId, { overlap, lifetime: '30d' }, ctx(who));
    const paymentsNext = await rotate(PAYMENTS, inPayments, '1h', bob);
    const platformNext = await rotate(PLATFORM, inPlatform, '24h', alice);
    const paymentsOld = inPayments.serviceUser.keys[0]!.apiKeyId;
    const platformOld = inPlatform.serviceUser.keys[0]!.apiKeyId;
    const jobOf = async (keyId: string) => (await jobStore.listJobs({ kind: 'key.revoke' })).find((j) => (j.payload as { apiKeyId: string }).apiKeyId === keyId)!;

    // Nothing is due yet.
    expect((await jobs.runJobsOnce({ recurring: false })).done).not.toContain((await jobOf(paymentsOld)).id);
    expect((await devin('/v3/self', inPayments.token)).status).toBe(200);

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 2 * 3_600_000);
    // Two runners at once (two instances, say): the job is claimed by one of them and done once.
    const [first, racing] = await Promise.all([jobs.runJobsOnce({ recurring: false, worker: 'runner-a' }), jobs.runJobsOnce({ recurring: false, worker: 'runner-b' })]);
    const paymentsJob = await jobOf(paymentsOld);
    expect([...first.done, ...racing.done].filter((id) => id === paymentsJob.id)).toHaveLength(1);
    expect([...first.retried, ...racing.retried, ...first.failed, ...racing.failed]).toEqual([]);
    expect(paymentsJob).toMatchObject({ status: 'done', attempts: 1 });
    expect((await jobOf(platformOld)).status).toBe('pending');
    expect((await devin('/v3/self', inPayments.token)).status).toBe(401);
    expect((await devin('/v3/self', paymentsNext.token)).status).toBe(200);
    expect((await devin('/v3/self', inPlatform.token)).status).toBe(200);

    vi.setSystemTime(Date.now() + 24 * 3_600_000);
    const second = await jobs.runJobsOnce({ recurring: false });
    // The payments revocation ran an hour late (the clock jumped), so the racing runner also reported it overdue:
    // that alert's delivery is the other job done here.
    const revocations = new Set((await jobStore.listJobs({ kind: 'key.revoke' })).map((j) => j.id));
    expect(second.done.filter((id) => revocations.has(id))).toEqual([(await jobOf(platformOld)).id]);
    expect((await devin('/v3/self', inPlatform.token)).status).toBe(401);
    expect((await devin('/v3/self', platformNext.token)).status).toBe(200);
    expect((await jobs.runJobsOnce({ recurring: false })).done.filter((id) => revocations.has(id))).toEqual([]);

    const revokes = (await trail.listTrail({ action: 'service-user.key.revoke', first: 200 })).items;
    expect(revokes.filter((e) => e.targetIds.apiKeyId === platformOld)).toEqual([
      expect.objectContaining({ actorEmail: alice.email, orgId: PLATFORM, outcome: 'ok', input: { serviceUserId: inPlatform.serviceUser.serviceUserId, apiKeyId: platformOld, scheduled: true } }),
    ]);
    expect(revokes.filter((e) => e.targetIds.apiKeyId === paymentsOld)).toEqual([expect.objectContaining({ actorEmail: bob.email, orgId: PAYMENTS, outcome: 'ok' })]);
  });

  it('retries a revocation Devin refuses, with backoff, and reports it overdue until it is done', async () => {
    const roles = await grantable.listGrantableRoles(standing(PAYMENTS, 'admin'));
    const created = await su.createOrgServiceUser(PAYMENTS, { name: unique('sweep-retry'), roleId: ROLE_IDS.orgViewer, lifetime: '90d' }, roles, ctx(alice));
    const oldKeyId = created.serviceUser.keys[0]!.apiKeyId;
    await su.rotateKey(PAYMENTS, created.serviceUser.serviceUserId, oldKeyId, { overlap: '1h', lifetime: '30d' }, ctx(alice));
    const job = (await jobStore.listJobs({ kind: 'key.revoke' })).find((j) => (j.payload as { apiKeyId: string }).apiKeyId === oldKeyId)!;

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime((job.dueAt + 3_600) * 1000);
    // Devin is down for the portal: every call fails.
    pointAt(`cog_${randomBytes(8).toString('hex')}`);
    const failed = await jobs.runJobsOnce({ recurring: false });
    expect(failed.retried).toContain(job.id);
    const retrying = (await jobStore.listJobs({ kind: 'key.revoke' })).find((j) => j.id === job.id)!;
    expect(retrying).toMatchObject({ status: 'pending', attempts: 1 });
    expect(retrying.lastError).toMatch(/401|unauthorized|token/i);
    expect(retrying.dueAt).toBeGreaterThan(Math.floor(Date.now() / 1000));
    // Overdue by an hour (JOBS_OVERDUE_SECONDS is 10 minutes): reported.
    const stuck = await jobs.reportStuckJobs(Math.floor(Date.now() / 1000));
    expect(stuck.overdue.map((j) => j.id)).toContain(job.id);
    expect((await alertStore.listAlerts({ status: 'open', kind: 'job-overdue' })).map((a) => a.subject)).toContain(job.id);

    pointAt(adminToken);
    vi.setSystemTime((retrying.dueAt + 1) * 1000);
    expect((await jobs.runJobsOnce({ recurring: false })).done).toContain(job.id);
    expect((await devin('/v3/self', created.token)).status).toBe(401);
    expect((await alertStore.listAlerts({ status: 'open', kind: 'job-overdue' })).map((a) => a.subject)).not.toContain(job.id);
  });

  it('revokes a key, and says so clearly when it already was', async () => {
    const roles = await grantable.listGrantableRoles(standing(PAYMENTS, 'admin'));
    const created = await su.createOrgServiceUser(PAYMENTS, { name: unique('revoke'), roleId: ROLE_IDS.orgViewer, lifetime: '30d' }, roles, ctx(alice));
    const keyId = created.serviceUser.keys[0]!.apiKeyId;
    const revoked = await su.revokeKey(PAYMENTS, created.serviceUser.serviceUserId, keyId, ctx(alice));
    expect(revoked).toMatchObject({ status: 'revoked', revokeScheduledAt: null });
    expect((await devin('/v3/self', created.token)).status).toBe(401);
    await expect(su.revokeKey(PAYMENTS, created.serviceUser.serviceUserId, keyId, ctx(alice))).rejects.toMatchObject({ code: 'conflict' });
  });

  it('hides service users of other orgs behind not_found', async () => {
    const platformCi = seededServiceUserId('platform-ci');
    await expect(su.getOrgServiceUserOrThrow(PLATFORM, platformCi)).resolves.toMatchObject({ name: 'platform-ci' });
    await expect(su.createKey(PAYMENTS, platformCi, { name: 'sneaky', lifetime: '7d' }, ctx(bob))).rejects.toMatchObject({ code: 'not_found' });
    await expect(su.revokeKey(PAYMENTS, platformCi, 'apikey-whatever', ctx(bob))).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses a service user that also holds a role outside this org (enterprise or another org), though it has one here', async () => {
    // Real Devin lets a service user hold several assignments; the emulator provisions one, so a proxy adds the others.
    const roles = await grantable.listGrantableRoles(standing(PAYMENTS, 'admin'));
    const created = await su.createOrgServiceUser(PAYMENTS, { name: unique('two-scopes'), roleId: ROLE_IDS.orgMember, lifetime: '30d' }, roles, ctx(bob));
    const id = created.serviceUser.serviceUserId;
    const keyId = created.serviceUser.keys[0]!.apiKeyId;
    const proxy = await startRewritingProxy(emulator.url);
    const extra = [
      { org_id: null, role: { role_id: ROLE_IDS.enterpriseAdmin, role_name: 'Enterprise Admin', role_type: 'enterprise' } },
      { org_id: PLATFORM, role: { role_id: ROLE_IDS.orgAdmin, role_name: 'Org Admin', role_type: 'org' } },
    ];
    try {
      for (const assignment of extra) {
        proxy.clear();
        proxy.rewrite(new RegExp(`^GET /v3beta1/enterprise/members/service-users/${id}$|^GET /v3/enterprise/members/service-users/${id}$`), (body) => ({
          ...body,
          role_assignments: [...(body.role_assignments as unknown[]), assignment],
        }));
        proxy.rewrite(/service-users$/, (body) => ({
          ...body,
          items: (body.items as { service_user_id: string; role_assignments: unknown[] }[]).map((u) =>
            u.service_user_id === id ? { ...u, role_assignments: [...u.role_assignments, assignment] } : u,
          ),
        }));
        setPortalEnv({ url: proxy.url, token: adminToken }, { DATABASE_URL: `file:${join(dir, 'portal.db')}` });
        emulator.clearRequests();
        await expect(su.createKey(PAYMENTS, id, { name: 'takeover', lifetime: '7d' }, ctx(bob))).rejects.toMatchObject({ code: 'not_found' });
        await expect(su.rotateKey(PAYMENTS, id, keyId, { overlap: 'none', lifetime: '7d' }, ctx(bob))).rejects.toMatchObject({ code: 'not_found' });
        await expect(su.revokeKey(PAYMENTS, id, keyId, ctx(bob))).rejects.toMatchObject({ code: 'not_found' });
        expect(emulator.requests().filter((r) => r.method !== 'GET')).toEqual([]);
        // Nor is it listed as one of the org's own.
        expect((await su.listOrgServiceUsers(standing(PAYMENTS, 'admin'))).map((s) => s.serviceUserId)).not.toContain(id);
      }
    } finally {
      pointAt(adminToken);
      await proxy.close();
    }
    // Back on the plain emulator, wholly in this org, it is manageable.
    await expect(su.createKey(PAYMENTS, id, { name: 'fine', lifetime: '7d' }, ctx(bob))).resolves.toMatchObject({ apiKeyId: expect.any(String) });
  });

  it('flags the seeded key that expires within 14 days', async () => {
    const [ci] = (await su.listOrgServiceUsers(standing(PLATFORM, 'admin'))).filter((s) => s.name === 'platform-ci');
    expect(ci!.keys.map((k) => [k.name, k.status, k.expiresInDays])).toEqual([
      ['ci', 'active', 10],
      ['ci-2025', 'revoked', null],
    ]);
  });
});

describe('a service user’s place in the org (real emulator, real SQLite store)', () => {
  it('changes its org role, keeps its token working, and records who did it', async () => {
    const roles = await grantable.listGrantableRoles(standing(PAYMENTS, 'admin'));
    const created = await su.createOrgServiceUser(PAYMENTS, { name: unique('ci-role'), roleId: ROLE_IDS.orgMember, lifetime: '30d' }, roles, ctx(bob));
    const id = created.serviceUser.serviceUserId;

    await su.changeServiceUserRole(PAYMENTS, await su.getOrgServiceUserOrThrow(PAYMENTS, id), { roleId: ROLE_IDS.orgViewer }, roles, ctx(bob));

    const upstream = await devin<{ role_assignments: { org_id: string; role: { role_id: string } }[] }>(`/v3/enterprise/members/service-users/${id}`);
    expect(upstream.body.role_assignments).toEqual([{ org_id: PAYMENTS, role: expect.objectContaining({ role_id: ROLE_IDS.orgViewer }) }]);
    expect((await su.listOrgServiceUsers(standing(PAYMENTS, 'admin'))).find((s) => s.serviceUserId === id)?.role).toEqual({ roleId: ROLE_IDS.orgViewer, roleName: 'Org Viewer' });
    expect((await devin('/v3/self', created.token)).status).toBe(200);
    const [event] = (await trail.listTrail({ action: 'service-user.role.change', orgId: PAYMENTS })).items;
    expect(event).toMatchObject({ actorEmail: bob.email, outcome: 'ok', targetIds: { serviceUserId: id, roleId: ROLE_IDS.orgViewer } });
  });

  it('refuses a role the person may not grant, naming the field, and changes nothing', async () => {
    const roles = await grantable.listGrantableRoles(standing(PAYMENTS, 'sessions'));
    const adminRoles = await grantable.listGrantableRoles(standing(PAYMENTS, 'admin'));
    const created = await su.createOrgServiceUser(PAYMENTS, { name: unique('ci-cap'), roleId: ROLE_IDS.orgViewer, lifetime: '30d' }, adminRoles, ctx(alice));
    const id = created.serviceUser.serviceUserId;
    await expect(su.changeServiceUserRole(PAYMENTS, await su.getOrgServiceUserOrThrow(PAYMENTS, id), { roleId: ROLE_IDS.orgAdmin }, roles, ctx(bob))).rejects.toMatchObject({
      code: 'unprocessable_entity',
      field: 'roleId',
    });
    const upstream = await devin<{ role_assignments: { role: { role_id: string } }[] }>(`/v3/enterprise/members/service-users/${id}`);
    expect(upstream.body.role_assignments.map((a) => a.role.role_id)).toEqual([ROLE_IDS.orgViewer]);
  });

  it('removes it from the org: gone from the list, its org calls refused, the removal in the trail', async () => {
    const roles = await grantable.listGrantableRoles(standing(PAYMENTS, 'admin'));
    const created = await su.createOrgServiceUser(PAYMENTS, { name: unique('ci-remove'), roleId: ROLE_IDS.orgMember, lifetime: '30d' }, roles, ctx(bob));
    const id = created.serviceUser.serviceUserId;
    expect((await devin(`/v3/organizations/${PAYMENTS}/sessions?first=1`, created.token)).status).toBe(200);

    await su.removeServiceUserFromOrg(PAYMENTS, await su.getOrgServiceUserOrThrow(PAYMENTS, id), ctx(bob));

    expect((await su.listOrgServiceUsers(standing(PAYMENTS, 'admin'))).some((s) => s.serviceUserId === id)).toBe(false);
    expect((await devin(`/v3/organizations/${PAYMENTS}/sessions?first=1`, created.token)).status).toBe(403);
    const [event] = (await trail.listTrail({ action: 'service-user.remove', orgId: PAYMENTS })).items;
    expect(event).toMatchObject({ actorEmail: bob.email, outcome: 'ok', targetIds: { serviceUserId: id } });
    // Once out of the org it is no longer this org's to manage: the resolver the routes use finds nothing.
    await expect(su.getOrgServiceUserOrThrow(PAYMENTS, id)).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('listing an org’s service users', () => {
  it('reads the keys of the service users the org had last time alongside the listing; newcomers and leavers follow the fresh listing', async () => {
    const roles = await grantable.listGrantableRoles(standing(PLATFORM, 'admin'));
    const keep = await su.createOrgServiceUser(PLATFORM, { name: unique('ci-keep'), roleId: ROLE_IDS.orgMember, lifetime: '30d' }, roles, ctx(alice));
    const leaver = await su.createOrgServiceUser(PLATFORM, { name: unique('ci-leave'), roleId: ROLE_IDS.orgMember, lifetime: '30d' }, roles, ctx(alice));
    await su.listOrgServiceUsers(standing(PLATFORM, 'admin')); // the instance now knows who the org had

    await su.removeServiceUserFromOrg(PLATFORM, await su.getOrgServiceUserOrThrow(PLATFORM, leaver.serviceUser.serviceUserId), ctx(alice));
    const newcomer = await su.createOrgServiceUser(PLATFORM, { name: unique('ci-new'), roleId: ROLE_IDS.orgMember, lifetime: '30d' }, roles, ctx(alice));
    emulator.setFaults({ rules: [{ latencyMs: 60 }] });
    emulator.clearRequests();
    let listed;
    try {
      listed = await su.listOrgServiceUsers(standing(PLATFORM, 'admin'));
    } finally {
      emulator.clearFaults();
    }

    const ids = listed.map((s) => s.serviceUserId);
    expect(ids).toContain(keep.serviceUser.serviceUserId);
    expect(ids).toContain(newcomer.serviceUser.serviceUserId);
    expect(ids).not.toContain(leaver.serviceUser.serviceUserId);
    expect(listed.find((s) => s.serviceUserId === newcomer.serviceUser.serviceUserId)?.keys).toHaveLength(1);
    expect(listed.find((s) => s.serviceUserId === keep.serviceUser.serviceUserId)?.keys).toHaveLength(1);

    const log = emulator.requests();
    const listing = log.find((r) => r.path === `/v3/enterprise/organizations/${PLATFORM}/members/service-users`)!;
    const keysOf = (id: string) => log.find((r) => r.path === `/v3beta1/enterprise/service-users/${id}/api-keys`)!;
    // Known service users' keys were asked for before the listing was answered; the newcomer's only after it.
    expect(keysOf(keep.serviceUser.serviceUserId).receivedAt).toBeLessThan(listing.at);
    expect(keysOf(newcomer.serviceUser.serviceUserId).receivedAt).toBeGreaterThanOrEqual(listing.at);
  });
});
