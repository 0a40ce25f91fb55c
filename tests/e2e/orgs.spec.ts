import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type { Page } from '@playwright/test';
import { DEMO, expect, orgNamesRemovedAfterAll, signInAs, test } from './fixtures';

const EMULATOR = process.env.E2E_EMULATOR_URL!;
const TOKEN = process.env.DEVIN_SERVICE_USER_TOKEN!;
const ORIGIN = process.env.E2E_ORIGIN!;

const unique = orgNamesRemovedAfterAll();

async function upstreamOrgsNamed(name: string): Promise<{ org_id: string; name: string }[]> {
  const res = await fetch(`${EMULATOR}/v3/enterprise/organizations?first=200`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  const body = (await res.json()) as { items: { org_id: string; name: string }[] };
  return body.items.filter((o) => o.name === name);
}

async function fillRequest(page: Page, v: { name: string; cycle: string; session: string; reason: string }) {
  await page.getByLabel('Name').fill(v.name);
  await page.getByLabel('ACUs per billing cycle').fill(v.cycle);
  await page.getByLabel('ACUs per session').fill(v.session);
  await page.getByLabel('What is it for?').fill(v.reason);
}

test('a member creates an org within policy, sees exactly what is sent first, and lands in it as admin', async ({ page }) => {
  const name = unique('Équipe Vision Numérique');
  await signInAs(page, DEMO.member, '/orgs/new');
  await expect(page.getByRole('heading', { name: 'Request an organization' })).toBeVisible();
  await fillRequest(page, { name, cycle: '400', session: '25', reason: 'Computer vision experiments for the data team' });
  await expect(page.getByText('Created at once', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Review request' }).click();

  const preview = page.getByTestId('request-preview');
  await expect(preview.getByRole('heading', { name: 'Ready to create' })).toBeFocused();
  await expect(preview).toContainText('POST /v3/enterprise/organizations');
  await expect(preview).toContainText(`"name": "${name}"`);
  await expect(preview).toContainText('"max_cycle_acu_limit": 400');
  await expect(preview).toContainText('"max_session_acu_limit": 25');
  await expect(preview).toContainText('/members/users/');
  expect(await upstreamOrgsNamed(name)).toEqual([]);

  await preview.getByRole('button', { name: 'Create organization' }).click();
  await expect(page).toHaveURL(/\/orgs\/org-[\w-]+\?created=1$/);
  const orgId = new URL(page.url()).pathname.split('/').pop()!;
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByText('Your organization is ready')).toBeVisible();
  await expect(page.getByText('You: Org Admin')).toBeVisible();
  await expect(page.getByTestId('cycle-limit')).toHaveText('400 ACU');
  await expect(page.getByTestId('members-table')).toContainText(DEMO.member);

  await page.goto('/orgs');
  const row = page.getByTestId('orgs-table').getByRole('row', { name: new RegExp(name) });
  await expect(row).toContainText('Org Admin');
  await expect(page.getByTestId('my-requests')).toContainText(name);
  await expect(page.getByTestId('my-requests')).toContainText('Created');

  expect((await upstreamOrgsNamed(name)).map((o) => o.org_id)).toEqual([orgId]);
  // The portal's own trail names the person behind the service user's write.
  const store = new Database('data/e2e.db', { readonly: true, fileMustExist: true });
  try {
    const events = store
      .prepare(`select e.action, e.actor_email, e.outcome from trail_events e join trail_targets t on t.event_id = e.id where t.target_id = ? order by e.id`)
      .all(orgId);
    expect(events).toEqual([
      { action: 'org.create', actor_email: DEMO.member, outcome: 'ok' },
      { action: 'org.member.add', actor_email: DEMO.member, outcome: 'ok' },
    ]);
  } finally {
    store.close();
  }
});

test('invalid input shows the field messages and creates nothing, in the browser and at the API', async ({ page }) => {
  await signInAs(page, DEMO.member, '/orgs/new');
  await fillRequest(page, { name: '#nope', cycle: '50000', session: '30', reason: 'x' });
  await page.getByRole('button', { name: 'Review request' }).click();

  const name = page.getByLabel('Name');
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(name).toBeFocused();
  await expect(page.getByText(/^Use 2 to 64 characters/)).toBeVisible();
  await expect(page.getByText('Policy allows at most 10,000 ACUs')).toBeVisible();
  await expect(page.getByText('Say in a few words what the org is for')).toBeVisible();
  await expect(page.getByTestId('request-preview')).toHaveCount(0);

  const res = await page.request.post('/api/orgs', {
    headers: { Origin: ORIGIN },
    data: { name: 'Valid Name', maxCycleAcuLimit: 500, maxSessionAcuLimit: 900, reason: 'Checking the server too', idempotencyKey: randomUUID() },
  });
  expect(res.status()).toBe(422);
  expect((await res.json()).error).toMatchObject({ code: 'unprocessable_entity', field: 'maxSessionAcuLimit' });
  expect(await upstreamOrgsNamed('Valid Name')).toEqual([]);
});

test('a double submit creates one org: a double click, and two identical requests at once', async ({ page }) => {
  const name = unique('Double Submit');
  await signInAs(page, DEMO.member, '/orgs/new');
  await fillRequest(page, { name, cycle: '300', session: '10', reason: 'Trying to break the create button' });
  await page.getByRole('button', { name: 'Review request' }).click();
  await page.getByRole('button', { name: 'Create organization' }).dblclick();
  await expect(page).toHaveURL(/\/orgs\/org-[\w-]+\?created=1$/);
  const orgs = await upstreamOrgsNamed(name);
  expect(orgs).toHaveLength(1);

  const raced = unique('Raced Submit');
  const body = { name: raced, maxCycleAcuLimit: 200, maxSessionAcuLimit: 10, reason: 'Two tabs, one click each', idempotencyKey: randomUUID() };
  const [a, b] = await Promise.all([0, 1].map(() => page.request.post('/api/orgs', { headers: { Origin: ORIGIN }, data: body })));
  expect([a!.status(), b!.status()]).toEqual([201, 201]);
  const [ja, jb] = [await a!.json(), await b!.json()];
  expect(ja.request.orgId).toMatch(/^org-/);
  expect(jb.request.orgId).toBe(ja.request.orgId);
  expect((await upstreamOrgsNamed(raced)).map((o) => o.org_id)).toEqual([ja.request.orgId]);
});

test('searching finds an org whatever the accents and case', async ({ page }) => {
  await signInAs(page, DEMO.admin, '/orgs');
  await page.getByRole('searchbox', { name: 'Search organizations' }).fill('equipe de science');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/q=equipe\+de\+science/);
  const table = page.getByTestId('orgs-table');
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(table).toContainText('Équipe de Science des Données');
  await page.getByRole('link', { name: 'Clear' }).click();
  await expect(page.getByTestId('orgs-table')).toContainText('Payments');
});

test('an org shows its direct members and, read-only, the people who belong through an IdP group', async ({ page }) => {
  await signInAs(page, DEMO.admin, '/orgs?q=growth');
  await page.getByTestId('orgs-table').getByRole('link', { name: 'Growth', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Growth' })).toBeVisible();
  const groups = page.getByRole('table', { name: 'Through IdP groups' });
  await expect(groups).toBeVisible();
  await expect(groups.locator('tbody tr').first()).toContainText('team-growth: Org Member');
  await expect(groups.getByRole('button')).toHaveCount(0);
});

test('a confirmation dialog exists only while open: Escape closes it and focus returns to its button', async ({ page }) => {
  await signInAs(page, DEMO.admin, '/orgs?q=growth');
  await page.getByTestId('orgs-table').getByRole('link', { name: 'Growth', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Growth' })).toBeVisible();
  const trigger = page.getByRole('button', { name: 'Delete', exact: true });
  await expect(trigger).toBeEnabled();
  // No hidden confirmation form waits behind the button.
  const confirmation = page.locator('dialog', { hasText: 'Delete Growth?' });
  await expect(confirmation).toHaveCount(0);

  await trigger.click();
  const dialog = page.getByRole('dialog', { name: 'Delete Growth?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Delete organization' })).toBeDisabled();
  await dialog.getByLabel(/to confirm/).fill('Growth');
  await expect(dialog.getByRole('button', { name: 'Delete organization' })).toBeEnabled();
  await page.keyboard.press('Escape');
  await expect(confirmation).toHaveCount(0);
  await expect(trigger).toBeFocused();

  // Opened again, it starts afresh (the typed name is gone), and Cancel closes it the same way.
  await trigger.click();
  await expect(dialog.getByLabel(/to confirm/)).toHaveValue('');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirmation).toHaveCount(0);
  await expect(trigger).toBeFocused();
  await expect(page.getByRole('heading', { level: 1, name: 'Growth' })).toBeVisible();
});
