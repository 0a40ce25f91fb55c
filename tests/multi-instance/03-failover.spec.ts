import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext } from '@playwright/test';
import pg from 'pg';
import { DEMO_ORGS, DEMO_PEOPLE } from '../../demo/directory';
import { DEMO, expect, signInAs, test } from '../e2e/fixtures';

/*
 * What one instance starts, another finishes or honours: a sign-out on instance 1 ends the sign-in on
 * instance 2, and a key rotation scheduled on instance 1 is revoked on time, exactly once, by instance 2's
 * job runner after instance 1 is killed. This file stops instance 1 for good, so it runs last.
 */

const ORIGIN = process.env.E2E_ORIGIN!;
const EMULATOR = process.env.E2E_EMULATOR_URL!;
const TOKEN = process.env.DEVIN_SERVICE_USER_TOKEN!;

function storeUrl(): string {
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${process.env.MULTI_DB_NAME}`;
  return url.href;
}

async function store<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: storeUrl() });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

async function devin<T>(path: string): Promise<T> {
  return (await (await fetch(`${EMULATOR}${path}`, { headers: { Authorization: `Bearer ${TOKEN}` } })).json()) as T;
}

/** A browser context whose every request goes to one instance. */
async function on(browser: Browser, instance: 1 | 2, email?: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: ORIGIN, extraHTTPHeaders: { 'X-Portal-Instance': String(instance) } });
  if (email) {
    const page = await context.newPage();
    await signInAs(page, email);
    await page.close();
  }
  return context;
}

test('a sign-out on instance 1 ends the sign-in on instance 2 too, even for a copied cookie', async ({ browser }) => {
  const person = DEMO_PEOPLE.filter((p) => !p.featured).at(-2)!;
  const one = await on(browser, 1, person.email);
  const two = await on(browser, 2);
  await two.addCookies((await one.cookies()).filter((c) => c.domain === 'localhost'));
  expect((await two.request.get('/api/me')).status()).toBe(200);

  const page = await one.newPage();
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/Sign out of/);

  expect((await two.request.get('/api/me')).status()).toBe(401);
  await one.close();
  await two.close();
});

test('a key rotated on instance 1 is revoked on time, exactly once, by instance 2 after instance 1 is killed', async ({ browser }) => {
  const lead = await on(browser, 1, DEMO.lead);
  const orgs = await devin<{ items: { org_id: string; name: string }[] }>('/v3/enterprise/organizations?first=200');
  const payments = orgs.items.find((o) => o.name === DEMO_ORGS.find((d) => d.key === 'payments')!.name)!.org_id;
  const headers = { Origin: ORIGIN };

  const created = await lead.request.post(`/api/orgs/${payments}/service-users`, {
    headers,
    data: { name: `failover-${randomBytes(3).toString('hex')}`, roleId: 'role-org-viewer', lifetime: '90d' },
  });
  expect(created.status()).toBe(201);
  const { serviceUser } = (await created.json()) as { serviceUser: { serviceUserId: string; keys: { apiKeyId: string }[] } };
  const oldKey = serviceUser.keys[0]!.apiKeyId;
  const rotated = await lead.request.post(`/api/orgs/${payments}/service-users/${serviceUser.serviceUserId}/keys/${oldKey}/rotate`, {
    headers,
    data: { overlap: '1h', lifetime: '30d' },
  });
  expect(rotated.status()).toBe(201);

  // The revocation is a job in the shared store, in the lead's name. Bring its hour forward, then kill instance 1.
  const [job] = await store<{ id: string; actor_email: string; status: string }>(
    `select id, actor_email, status from jobs where kind = 'key.revoke' and payload like $1`,
    [`%${oldKey}%`],
  );
  expect(job).toMatchObject({ actor_email: DEMO.lead, status: 'pending' });
  const dueNow = Math.floor(Date.now() / 1000);
  await store(`update jobs set due_at = $1, scheduled_at = $1 where id = $2`, [dueNow, job!.id]);
  expect((await fetch(`${ORIGIN}/_lb/instances/1/stop`, { method: 'POST' })).status).toBe(204);

  // Instance 2's runner takes the job and revokes the old key; the new one keeps working.
  const keyStatus = async () =>
    (await devin<{ items: { api_key_id: string; is_active: boolean; revoked_at: number | null }[] }>(
      `/v3beta1/enterprise/service-users/${serviceUser.serviceUserId}/api-keys?status=all`,
    )).items.find((k) => k.api_key_id === oldKey);
  await expect.poll(async () => (await keyStatus())?.revoked_at ?? null, { timeout: 30_000, intervals: [500] }).not.toBeNull();
  const revokedAt = (await keyStatus())!.revoked_at!;
  expect(revokedAt - dueNow).toBeLessThanOrEqual(15);

  // Exactly once: one revocation in Devin's audit log, one in the portal's trail, the job done.
  await new Promise((r) => setTimeout(r, 3_000));
  const audit = await devin<{ items: { action: string; data: { api_key_id?: string } }[] }>('/v3/enterprise/audit-logs?action=revoke_service_user_api_key&first=200');
  expect(audit.items.filter((e) => e.data.api_key_id === oldKey)).toHaveLength(1);
  const trail = await store(`select id from trail_events where action = 'service-user.key.revoke' and target_ids like $1`, [`%${oldKey}%`]);
  expect(trail).toHaveLength(1);
  expect((await store<{ status: string }>(`select status from jobs where id = $1`, [job!.id]))[0]!.status).toBe('done');
  // The portal keeps answering through the instance that is left.
  expect((await lead.request.get('/api/me', { headers: { 'X-Portal-Instance': '2' } })).status()).toBe(200);
  await lead.close();
});
