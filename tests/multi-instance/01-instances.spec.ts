import { randomBytes, randomUUID } from 'node:crypto';
import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { DEMO_ORGS, DEMO_PEOPLE } from '../../demo/directory';
import { DEMO, expect, signInAs, test } from '../e2e/fixtures';

/*
 * Two portal instances, one PostgreSQL store, one emulator: what must hold across requests holds whichever
 * instance answers. Requests go through the balancer; `on(n)` sends one to instance n.
 */

const ORIGIN = process.env.E2E_ORIGIN!;
const EMULATOR = process.env.E2E_EMULATOR_URL!;
const TOKEN = process.env.DEVIN_SERVICE_USER_TOKEN!;
const on = (instance: 1 | 2) => ({ 'X-Portal-Instance': String(instance), Origin: ORIGIN });
const orgId = (key: string) => DEMO_ORGS.find((o) => o.key === key)!;

async function devin<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${EMULATOR}${path}`, { ...init, headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', ...init.headers } });
  return (await res.json()) as T;
}

async function allOrgs(): Promise<{ org_id: string; name: string }[]> {
  return (await devin<{ items: { org_id: string; name: string }[] }>('/v3/enterprise/organizations?first=200')).items;
}

async function signedIn(browser: Browser, email: string): Promise<{ page: Page; api: APIRequestContext }> {
  const context = await browser.newContext({ baseURL: ORIGIN });
  const page = await context.newPage();
  await signInAs(page, email);
  return { page, api: context.request };
}

test('one person’s concurrent org requests across both instances stay within the quota and create each org once', async ({ browser }) => {
  // A generated member with no orgs of their own yet: the policy allows them 3.
  const person = DEMO_PEOPLE.find((p) => !p.featured && p.orgs.every((o) => o.role === 'org_member'))!;
  const { api } = await signedIn(browser, person.email);
  const stem = `Multi ${randomBytes(3).toString('hex')}`;
  const names = [1, 2, 3, 4, 5].map((n) => `${stem} ${n}`);
  const submissions = names.flatMap((name, i) => {
    const key = randomUUID();
    const body = { name, maxCycleAcuLimit: 500, maxSessionAcuLimit: 20, reason: 'multi-instance test', idempotencyKey: key };
    // Each request twice with one key (a double submit), on both instances, and one name also under a second key.
    const same = [api.post('/api/orgs', { headers: on(1), data: body }), api.post('/api/orgs', { headers: on(2), data: body })];
    return i === 0 ? [...same, api.post('/api/orgs', { headers: on(2), data: { ...body, idempotencyKey: randomUUID() } })] : same;
  });
  const answers = await Promise.all(submissions);
  const statuses = answers.map((r) => r.status());
  expect(statuses.every((s) => [200, 201, 202, 403, 409].includes(s)), statuses.join(',')).toBe(true);

  const created = (await allOrgs()).filter((o) => o.name.startsWith(stem));
  expect(created.length).toBeLessThanOrEqual(3);
  expect(new Set(created.map((o) => o.name)).size).toBe(created.length);
  const mine = (await (await api.get('/api/org-requests?queue=mine', { headers: on(1) })).json()) as { items: { name: string; status: string }[] };
  const holding = mine.items.filter((r) => r.name.startsWith(stem) && ['pending', 'creating', 'created'].includes(r.status));
  expect(holding.length).toBeLessThanOrEqual(3);
  expect(new Set(holding.map((r) => r.name)).size).toBe(holding.length);
  for (const org of created) await devin(`/v3/enterprise/organizations/${org.org_id}`, { method: 'DELETE' });
});

test('a membership change made on one instance is seen on the other at once', async ({ browser }) => {
  // Someone Devin knows, in other orgs, not yet in Security.
  const person = DEMO_PEOPLE.filter((p) => !p.featured && p.orgs.every((o) => o.org !== 'security')).at(-1)!;
  const newcomer = await signedIn(browser, person.email);
  const admin = await signedIn(browser, DEMO.admin);
  const security = orgId('security');
  const securityId = (await allOrgs()).find((o) => o.name === security.name)!.org_id;
  const visible = async () => ((await (await newcomer.api.get('/api/orgs', { headers: on(2) })).json()) as { items: { orgId: string }[] }).items.map((o) => o.orgId);

  // Instance 2 has looked the person up (and cached it): not in Security.
  expect(await visible()).not.toContain(securityId);
  const roles = (await devin<{ items: { role_id: string; role_name: string; role_type: string }[] }>('/v3/enterprise/roles?first=200')).items;
  const member = roles.find((r) => r.role_type === 'org' && /member/i.test(r.role_name))!;
  const added = await admin.api.post(`/api/orgs/${securityId}/members`, { headers: on(1), data: { email: person.email, roleId: member.role_id } });
  expect(added.status()).toBe(201);
  // Seen on instance 2 on the very next request, not after its cache's minute.
  expect(await visible()).toContain(securityId);

  const removed = await admin.api.delete(`/api/orgs/${securityId}/members/${((await added.json()) as { userId: string }).userId}`, { headers: on(2) });
  expect(removed.status()).toBeLessThan(300);
});

test('fifty people watching one session cost one upstream read per instance and moment', async ({ browser }) => {
  const { api } = await signedIn(browser, DEMO.member);
  const data = (await allOrgs()).find((o) => o.name === orgId('data').name)!.org_id;
  const started = await api.post(`/api/orgs/${data}/sessions`, { headers: on(1), data: { prompt: `Watch me ${randomUUID()}` } });
  expect(started.status()).toBe(201);
  const { session } = (await started.json()) as { session: { sessionId: string } };
  await fetch(`${EMULATOR}/_emulator/requests`, { method: 'DELETE' });

  const watch = (instance: 1 | 2) => api.get(`/api/orgs/${data}/sessions/${session.sessionId}`, { headers: on(instance) });
  const answers = await Promise.all([...Array.from({ length: 25 }, () => watch(1)), ...Array.from({ length: 25 }, () => watch(2))]);
  expect(answers.every((r) => r.status() === 200)).toBe(true);
  const log = (await (await fetch(`${EMULATOR}/_emulator/requests`)).json()) as { items: { method: string; path: string }[] };
  const reads = log.items.filter((r) => r.method === 'GET' && r.path.endsWith(`/sessions/${session.sessionId}`)).length;
  test.info().annotations.push({ type: 'upstream reads for 50 viewers', description: String(reads) });
  console.log(`[multi-instance] 50 concurrent viewers of one session on 2 instances: ${reads} upstream session reads`);
  expect(reads).toBeGreaterThanOrEqual(1);
  expect(reads).toBeLessThanOrEqual(4);
});
