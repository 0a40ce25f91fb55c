import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { DEMO_PEOPLE } from '@/demo/directory';
import { startEmulator, type RunningEmulator } from '@/emulator';
import type { PortalUser } from '@/lib/auth/types';
import type * as OrgRequests from '@/lib/orgs/org-requests';
import type * as Trail from '@/lib/trail';
import type * as Storage from '@/lib/storage/db';
import type * as OrgAccess from '@/lib/access/org-access';
import { setPortalEnv } from '../../helpers/portal-env';
import { STORE_BACKENDS } from '../storage/store-backends';

let emulator: RunningEmulator;
let token: string;
let requests: typeof OrgRequests;
let trail: typeof Trail;
let storage: typeof Storage;
let access: typeof OrgAccess;

const ENV = { ORG_MAX_PER_PERSON: '100', ORG_AUTO_APPROVE_CYCLE_ACU: '1000' };

function person(key: string, role: PortalUser['role'] = 'member'): PortalUser {
  const p = DEMO_PEOPLE.find((x) => x.key === key)!;
  return { id: `sub-${p.key}`, email: p.email, name: p.name, role };
}
const carol = person('carol');
const bob = person('bob');
const alice = person('alice', 'admin');

const unique = (base: string) => `${base} ${randomBytes(3).toString('hex')}`;
const input = (name: string, cycle = 500) => ({ name, maxCycleAcuLimit: cycle, maxSessionAcuLimit: 20, reason: 'A team needs its own budget' });
const ctx = (user: PortalUser) => ({ user, requestId: randomUUID() });
const submit = (user: PortalUser, i: ReturnType<typeof input>, key = randomUUID(), dryRun = false) =>
  requests.submitOrgRequest(i, { ...ctx(user), idempotencyKey: key, dryRun });

async function upstream<T>(path: string): Promise<T> {
  const res = await fetch(`${emulator.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return (await res.json()) as T;
}
async function orgsNamed(name: string) {
  const all = await upstream<{ items: { org_id: string; name: string }[] }>('/v3/enterprise/organizations?first=200');
  return all.items.filter((o) => o.name === name);
}
async function orgMembers(orgId: string) {
  const page = await upstream<{ items: { email: string; role_assignments: { org_id: string; role: { role_name: string } }[] }[] }>(
    `/v3/enterprise/organizations/${orgId}/members/users?first=200`,
  );
  return page.items.map((u) => ({ email: u.email, role: u.role_assignments.find((a) => a.org_id === orgId)?.role.role_name }));
}
const createCalls = () => emulator.requests().filter((r) => r.method === 'POST' && /\/enterprise\/organizations$/.test(r.path)).length;

describe.each(STORE_BACKENDS)('self-service org requests (store on $name, real emulator)', (backend) => {
  let databaseUrl: string;
  let cleanup: () => Promise<void>;
  const it = backend.skip ? test.skip : test;

  beforeAll(async () => {
    if (backend.skip) return;
    token = `cog_${randomBytes(16).toString('hex')}`;
    emulator = await startEmulator({ port: 0, adminToken: token });
    ({ url: databaseUrl, cleanup } = await backend.create());
    configure();
    [requests, trail, storage, access] = await Promise.all([
      import('@/lib/orgs/org-requests'),
      import('@/lib/trail'),
      import('@/lib/storage/db'),
      import('@/lib/access/org-access'),
    ]);
    await storage.closeDb();
    await access.forgetOrgAccess();
  });

  afterAll(async () => {
    if (backend.skip) return;
    await storage.closeDb();
    await emulator.close();
    await cleanup();
  });

  beforeEach(() => {
    if (backend.skip) return;
    emulator.clearFaults();
    emulator.clearRequests();
  });

  const configure = (overrides: Record<string, string> = {}) =>
    setPortalEnv({ url: emulator.url, token }, { DATABASE_URL: databaseUrl, ...ENV, ...overrides });

  it('creates an org within policy at once and makes the requester its admin, all in the trail', async () => {
    const name = unique('Équipe Données Temps Réel');
    const result = await submit(carol, input(name));
    expect(result.outcome).toBe('created');
    if (result.outcome !== 'created') return;
    const { orgId } = result.request;
    expect(result.request).toMatchObject({ status: 'created', memberStatus: 'added', autoApproved: true, name });

    const [org] = await orgsNamed(name);
    expect(org?.org_id).toBe(orgId);
    expect(await orgMembers(orgId!)).toEqual([{ email: carol.email, role: 'Org Admin' }]);
    // The access cache was dropped, so Carol can use the org at once.
    expect((await access.getOrgAccess(carol)).memberships.get(orgId!)).toMatchObject({ isOrgAdmin: true });

    const events = await trail.findTrailByTargetIds([orgId!]);
    expect(events.map((e) => [e.action, e.actorEmail, e.outcome])).toEqual([
      ['org.create', carol.email, 'ok'],
      ['org.member.add', carol.email, 'ok'],
    ]);
    const filed = await trail.findTrailByTargetIds([result.request.id]);
    expect(filed.map((e) => e.action)).toEqual(['org.request', 'org.create']);
  });

  it('previews the exact upstream calls without writing anything', async () => {
    const name = unique('Preview Only');
    const result = await submit(carol, input(name), randomUUID(), true);
    expect(result).toMatchObject({
      outcome: 'preview',
      decision: 'create-now',
      calls: [
        { method: 'POST', path: '/v3/enterprise/organizations', body: { name, max_cycle_acu_limit: 500, max_session_acu_limit: 20 } },
        { method: 'POST', path: expect.stringMatching(/^\/v3\/enterprise\/organizations\/\{new org id\}\/members\/users\/user-/), body: { role_id: 'role-org-admin' } },
      ],
    });
    expect(emulator.requests().filter((r) => r.method !== 'GET')).toEqual([]);
    expect(await orgsNamed(name)).toEqual([]);
  });

  it('queues a request above the threshold; another admin approves and the requester becomes admin', async () => {
    const name = unique('Payments Risk Lab');
    const filed = await submit(bob, input(name, 5_000));
    expect(filed.outcome).toBe('pending');
    expect(createCalls()).toBe(0);
    const id = filed.outcome === 'pending' ? filed.request.id : '';

    const queue = await requests.listOrgRequests(alice, { queue: 'pending', first: 50 });
    expect(queue.items.map((r) => r.id)).toContain(id);
    await expect(requests.listOrgRequests(bob, { queue: 'pending', first: 50 })).rejects.toMatchObject({ code: 'forbidden' });

    const approved = await requests.approveOrgRequest(id, 'Risk work is funded', ctx(alice));
    expect(approved).toMatchObject({ status: 'created', memberStatus: 'added', decidedByEmail: alice.email, decisionReason: 'Risk work is funded' });
    expect(await orgMembers(approved.orgId!)).toEqual([{ email: bob.email, role: 'Org Admin' }]);
    const [create] = (await trail.listTrail({ action: 'org.create', orgId: undefined, first: 200 })).items.filter((e) => e.targetIds.orgId === approved.orgId);
    expect(create).toMatchObject({ actorEmail: alice.email, input: { name, requesterEmail: bob.email } });

    await expect(requests.approveOrgRequest(id, null, ctx(person('amara.sato', 'admin')))).rejects.toMatchObject({ code: 'conflict' });
    expect(await orgsNamed(name)).toHaveLength(1);
  });

  it('refuses self-approval and self-rejection, but lets the requester withdraw', async () => {
    const filed = await submit(alice, input(unique('Admin Own Request'), 4_000));
    const id = filed.outcome === 'pending' ? filed.request.id : '';
    await expect(requests.approveOrgRequest(id, null, ctx(alice))).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/own request/) });
    await expect(requests.rejectOrgRequest(id, 'no', ctx(alice))).rejects.toMatchObject({ code: 'forbidden' });
    expect(createCalls()).toBe(0);
    await expect(requests.withdrawOrgRequest(id, ctx(bob))).rejects.toMatchObject({ code: 'not_found' });
    expect(await requests.withdrawOrgRequest(id, ctx(alice))).toMatchObject({ status: 'withdrawn' });
  });

  it('rejects with a reason the requester can read', async () => {
    const filed = await submit(carol, input(unique('Too Big'), 9_000));
    const id = filed.outcome === 'pending' ? filed.request.id : '';
    await requests.rejectOrgRequest(id, 'Use the Data org instead', ctx(alice));
    const mine = await requests.listOrgRequests(carol, { queue: 'mine', first: 50 });
    expect(mine.items.find((r) => r.id === id)).toMatchObject({ status: 'rejected', decisionReason: 'Use the Data org instead', decidedByEmail: alice.email });
    await expect(requests.approveOrgRequest(id, null, ctx(alice))).rejects.toMatchObject({ code: 'conflict' });
  });

  it('creates one org for a double submit with the same key, answering both alike', async () => {
    const name = unique('Double Click');
    const key = randomUUID();
    const [a, b, c] = await Promise.all([submit(carol, input(name), key), submit(carol, input(name), key), submit(carol, input(name), key)]);
    expect(a.outcome).toBe('created');
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(createCalls()).toBe(1);
    expect(await orgsNamed(name)).toHaveLength(1);
    // A later retry with the same key replays the answer without calling Devin again.
    expect(await submit(carol, input(name), key)).toEqual(a);
    expect(createCalls()).toBe(1);
  });

  it('refuses reusing a key for different values, and a name that exists in any case or accents', async () => {
    const key = randomUUID();
    await submit(carol, input(unique('Key Owner')), key);
    await expect(submit(carol, input(unique('Other Values')), key)).rejects.toMatchObject({ code: 'conflict' });
    await expect(submit(carol, input('equipe de SCIENCE des donnees'))).rejects.toMatchObject({ code: 'conflict', field: 'name' });
    const pendingName = unique('Queued Name');
    await submit(bob, input(pendingName, 3_000));
    await expect(submit(carol, input(pendingName.toUpperCase()))).rejects.toMatchObject({ code: 'conflict', field: 'name' });
  });

  it('refuses a person Devin does not know', async () => {
    await expect(submit(person('dave'), input(unique('Unknown Person')))).rejects.toMatchObject({ code: 'unprocessable_entity' });
    expect(createCalls()).toBe(0);
  });

  it('caps how many orgs one person may have created or waiting, and frees a slot when an org is deleted', async () => {
    const member = person('ben.garcia');
    configure({ ORG_MAX_PER_PERSON: '2' });
    try {
      const first = await submit(member, input(unique('Quota One')));
      await submit(member, input(unique('Quota Two'), 2_000));
      await expect(submit(member, input(unique('Quota Three')))).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/most policy allows \(2\)/) });
      const orgId = first.outcome === 'created' ? first.request.orgId! : '';
      await fetch(`${emulator.url}/v3/enterprise/organizations/${orgId}`, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } });
      expect((await submit(member, input(unique('Quota Three')))).outcome).toBe('created');
    } finally {
      configure();
    }
  });

  it('after a create call times out, reconciles by name on retry instead of creating a twin', async () => {
    const name = unique('Slow Devin');
    const key = randomUUID();
    // Devin answers long after the portal's 400 ms timeout, but does create the org.
    configure({ DEVIN_TIMEOUT_MS: '400' });
    emulator.setFaults({ rules: [{ match: 'POST /v3/enterprise/organizations', latencyMs: 2_500 }] });
    try {
      await expect(submit(carol, input(name), key)).rejects.toMatchObject({ code: 'upstream_timeout' });
    } finally {
      emulator.setFaults({ rules: [] });
      configure();
    }
    await expect.poll(async () => (await orgsNamed(name)).length, { timeout: 10_000 }).toBe(1);

    const retried = await submit(carol, input(name), key);
    expect(retried).toMatchObject({ outcome: 'created', request: { status: 'created', memberStatus: 'added' } });
    expect(createCalls()).toBe(1);
    expect(await orgsNamed(name)).toHaveLength(1);
    const reconcile = await trail.listTrail({ action: 'org.create.reconcile', first: 10 });
    expect(reconcile.items[0]).toMatchObject({ actorEmail: carol.email, targetIds: { orgId: retried.outcome === 'created' ? retried.request.orgId : '' } });
    const timedOut = (await trail.listTrail({ action: 'org.create', actorSub: carol.id, first: 50 })).items.find((e) => e.errorCode === 'upstream_timeout');
    expect(timedOut).toMatchObject({ outcome: 'error', upstreamRequestId: expect.any(String) });
  });

  it("on retry never adopts someone else's org of the same name, nor makes the requester its admin", async () => {
    const name = unique('Squatted Name');
    emulator.failNext({ match: 'POST /v3/enterprise/organizations', status: 503 });
    await expect(submit(carol, input(name))).rejects.toMatchObject({ code: 'upstream_error' });
    const failed = (await requests.listOrgRequests(carol, { queue: 'mine', first: 50 })).items.find((r) => r.name === name)!;

    // Meanwhile someone creates an org with that name straight in Devin, and is its member.
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const made = await fetch(`${emulator.url}/v3/enterprise/organizations`, { method: 'POST', headers, body: JSON.stringify({ name, max_cycle_acu_limit: 100 }) });
    const theirs = ((await made.json()) as { org_id: string }).org_id;
    const bobId = (await upstream<{ items: { user_id: string }[] }>(`/v3/enterprise/members/users?email=${encodeURIComponent(bob.email)}`)).items[0]!.user_id;
    await fetch(`${emulator.url}/v3/enterprise/organizations/${theirs}/members/users/${bobId}`, { method: 'POST', headers, body: JSON.stringify({ role_id: 'role-org-admin' }) });

    await expect(requests.retryOrgRequest(failed.id, ctx(carol))).rejects.toMatchObject({ code: 'conflict' });
    expect(await orgMembers(theirs)).toEqual([{ email: bob.email, role: 'Org Admin' }]);
    expect((await requests.getOrgRequest(carol, failed.id)).status).toBe('failed');
    expect((await trail.listTrail({ action: 'org.create.reconcile', first: 50 })).items.filter((e) => e.targetIds.orgId === theirs)).toEqual([]);
  });

  it('retries a creation Devin refused with 503, still creating one org', async () => {
    const name = unique('Flaky Devin');
    const key = randomUUID();
    emulator.failNext({ match: 'POST /v3/enterprise/organizations', status: 503 });
    await expect(submit(carol, input(name), key)).rejects.toMatchObject({ code: 'upstream_error' });
    const failed = (await requests.listOrgRequests(carol, { queue: 'mine', first: 50 })).items.find((r) => r.name === name);
    expect(failed).toMatchObject({ name, status: 'failed', error: { code: 'upstream_error' } });
    expect((await submit(carol, input(name), key)).outcome).toBe('created');
    expect(await orgsNamed(name)).toHaveLength(1);
  });

  it('lets the requester retry a failed creation within policy, and only another admin retry an approved one', async () => {
    const own = unique('Retry Mine');
    emulator.failNext({ match: 'POST /v3/enterprise/organizations', status: 503 });
    await expect(submit(carol, input(own))).rejects.toMatchObject({ code: 'upstream_error' });
    const failed = (await requests.listOrgRequests(carol, { queue: 'mine', first: 50 })).items.find((r) => r.name === own);
    await expect(requests.retryOrgRequest(failed!.id, ctx(bob))).rejects.toMatchObject({ code: 'not_found' });
    expect(await requests.retryOrgRequest(failed!.id, ctx(carol))).toMatchObject({ status: 'created', memberStatus: 'added' });
    await expect(requests.retryOrgRequest(failed!.id, ctx(carol))).rejects.toMatchObject({ code: 'conflict' });

    const big = unique('Retry Approved');
    const filed = await submit(bob, input(big, 3_000));
    emulator.failNext({ match: 'POST /v3/enterprise/organizations', status: 503 });
    const id = filed.outcome === 'pending' ? filed.request.id : '';
    await expect(requests.approveOrgRequest(id, null, ctx(alice))).rejects.toMatchObject({ code: 'upstream_error' });
    await expect(requests.retryOrgRequest(id, ctx(bob))).rejects.toMatchObject({ code: 'forbidden' });
    expect(await requests.retryOrgRequest(id, ctx(alice))).toMatchObject({ status: 'created', decidedByEmail: alice.email });
    expect(await orgsNamed(big)).toHaveLength(1);
  });

  it('expires pending requests past their deadline; an expired request cannot be approved', async () => {
    const filed = await submit(bob, input(unique('Forgotten'), 2_500));
    const id = filed.outcome === 'pending' ? filed.request.id : '';
    const db = await storage.getDb();
    await db.updateTable('org_requests').set({ expires_at: Math.floor(Date.now() / 1000) - 1 }).where('id', '=', id).execute();
    await expect(requests.approveOrgRequest(id, null, ctx(alice))).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/expired/) });
    expect(await requests.getOrgRequest(bob, id)).toMatchObject({ status: 'expired' });
    const queue = await requests.listOrgRequests(alice, { queue: 'pending', first: 100 });
    expect(queue.items.map((r) => r.id)).not.toContain(id);
  });

  it('keeps the org and reports it when adding the requester fails, then finishes on retry', async () => {
    const name = unique('Half Done');
    const key = randomUUID();
    emulator.failNext({ match: 'POST /v3/enterprise/organizations/*', status: 503 });
    const first = await submit(carol, input(name), key);
    expect(first).toMatchObject({ outcome: 'created', request: { memberStatus: 'failed', error: { message: expect.stringMatching(/adding carol@acme\.test as its admin failed/) } } });
    const again = await submit(carol, input(name), key);
    expect(again).toMatchObject({ outcome: 'created', request: { memberStatus: 'added', error: null } });
    expect(createCalls()).toBe(1);
    expect(await orgMembers(first.outcome === 'created' ? first.request.orgId! : '')).toEqual([{ email: carol.email, role: 'Org Admin' }]);
  });
});
