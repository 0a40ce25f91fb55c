import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { DEMO, expect, signInAs, test } from './fixtures';

const EMULATOR = process.env.E2E_EMULATOR_URL!;
const ORIGIN = process.env.E2E_ORIGIN!;

const unique = (base: string) => `${base}-${randomBytes(3).toString('hex')}`;

/** What Devin says about a token: 200 with its service user, or 401 once revoked. */
async function devinSelf(token: string): Promise<{ status: number; name?: string }> {
  const res = await fetch(`${EMULATOR}/v3/self`, { headers: { Authorization: `Bearer ${token}` } });
  const body = (await res.json()) as { service_user_name?: string };
  return { status: res.status, name: body.service_user_name };
}

/** Every byte of the portal store, WAL included. */
function storeBytes(): string {
  return readdirSync('data')
    .filter((f) => f.startsWith('e2e.db'))
    .map((f) => readFileSync(join('data', f)).toString('latin1'))
    .join('');
}

async function createServiceUser(page: Page, name: string, role: string) {
  const form = page.getByRole('form', { name: 'New service user' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Role').selectOption({ label: role });
  await form.getByLabel('Expires after').selectOption({ label: '90 days' });
  const response = page.waitForResponse((r) => r.url().endsWith('/service-users') && r.request().method() === 'POST');
  await form.getByRole('button', { name: 'Create service user' }).click();
  return response;
}

test('an org admin creates a service user and sees its token exactly once', async ({ page }) => {
  await signInAs(page, DEMO.lead, '/service-users');
  // Bob administers Payments and is a plain member of Mobile Apps: only Payments is offered.
  await expect(page.getByLabel('Organization', { exact: true })).toHaveText('Payments');
  // The form is disabled until it has hydrated; read its choices once it is live.
  await expect(page.getByRole('form', { name: 'New service user' }).getByLabel('Name')).toBeEnabled();
  const roleOptions = await page.getByRole('form', { name: 'New service user' }).getByLabel('Role').locator('option').allTextContents();
  expect(roleOptions).toEqual(['Org Viewer', 'Org Member', 'Org Admin']);

  const name = unique('github-deploy');
  const response = await createServiceUser(page, name, 'Org Member');
  expect(response.status()).toBe(201);
  expect(response.headers()['cache-control']).toMatch(/^no-store(, no-transform)?$/);

  const reveal = page.getByTestId('token-reveal');
  await expect(reveal.getByRole('heading', { name: `Service user ${name} created` })).toBeFocused();
  await expect(reveal).toContainText('it will not be shown again');
  const token = await reveal.getByTestId('new-token').inputValue();
  expect(token).toMatch(/^cog_/);
  expect(await devinSelf(token)).toEqual({ status: 200, name });
  // A ready snippet for CI: the token in an env var, and a call that uses it.
  await reveal.getByText('How to use it').click();
  await expect(reveal.getByTestId('token-snippet')).toContainText(`export DEVIN_API_KEY='${token}'`);
  await expect(reveal.getByTestId('token-snippet')).toContainText('-H "Authorization: Bearer $DEVIN_API_KEY"');
  // Leaving before saying it is stored asks first (the dialog is refused here, so the page and the token stay).
  const asked = page.waitForEvent('dialog');
  void page.evaluate(() => window.location.reload());
  const dialog = await asked;
  expect(dialog.type()).toBe('beforeunload');
  await dialog.dismiss();
  await expect(reveal.getByTestId('new-token')).toHaveValue(token);

  const card = page.getByRole('article', { name: `Service user ${name}` });
  await expect(card).toContainText('Org Member');
  await expect(card.getByTestId('key-row')).toHaveCount(1);

  await reveal.getByRole('button', { name: 'I have stored it' }).click();
  await expect(reveal).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('article', { name: `Service user ${name}` })).toBeVisible();
  await expect(page.getByTestId('token-reveal')).toHaveCount(0);
  expect(await page.content()).not.toContain(token);
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  expect(stored).not.toContain(token);
  const listed = await page.request.get('/api/orgs/' + (await page.getByLabel('Organization', { exact: true }).inputValue()) + '/service-users');
  expect(await listed.text()).not.toContain(token);
  expect(storeBytes()).not.toContain(token.slice(4));
});

test('keys are rotated with an overlap, added, and revoked after a confirmation', async ({ page }) => {
  await signInAs(page, DEMO.lead, '/service-users');
  const name = unique('nightly');
  await createServiceUser(page, name, 'Org Viewer');
  const reveal = page.getByTestId('token-reveal');
  const firstToken = await reveal.getByTestId('new-token').inputValue();
  await reveal.getByRole('button', { name: 'I have stored it' }).click();
  const card = page.getByRole('article', { name: `Service user ${name}` });

  await card.getByRole('button', { name: /^Rotate key initial/ }).click();
  const rotate = page.getByRole('dialog', { name: 'Rotate key “initial”' });
  await rotate.getByLabel('The old key').selectOption({ label: 'Keep the old key for 24 hours' });
  await expect(rotate).toContainText('then the portal revokes the old one');
  await rotate.getByRole('button', { name: 'Rotate key' }).click();
  await expect(rotate).toBeHidden();
  const rotatedToken = await reveal.getByTestId('new-token').inputValue();
  expect(rotatedToken).not.toBe(firstToken);
  await expect(card.getByTestId('key-row')).toHaveCount(2);
  await expect(card).toContainText('Replaced; revoked after');
  expect((await devinSelf(firstToken)).status).toBe(200);
  expect((await devinSelf(rotatedToken)).status).toBe(200);
  await reveal.getByRole('button', { name: 'I have stored it' }).click();

  await card.getByRole('button', { name: `New key for ${name}` }).click();
  const newKey = page.getByRole('dialog', { name: `New key for ${name}` });
  await newKey.getByLabel('Key name').fill('release');
  await newKey.getByLabel('New key expires after').selectOption({ label: '7 days' });
  await newKey.getByRole('button', { name: 'Create key' }).click();
  await expect(reveal.getByRole('heading', { name: `Key “release” created for ${name}` })).toBeVisible();
  await expect(card.getByTestId('key-row')).toHaveCount(3);
  await expect(card.getByTestId('key-row').filter({ hasText: 'release' })).toContainText('Expires in 7 days');

  // The old key of the rotation: cancelling leaves it alone; confirming revokes it at once.
  const oldRow = card.getByTestId('key-row').filter({ hasText: 'Replaced; revoked after' });
  await oldRow.getByRole('button', { name: /^Revoke key initial/ }).click();
  const confirm = page.getByRole('dialog', { name: 'Revoke key “initial”?' });
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(confirm).toBeHidden();
  expect((await devinSelf(firstToken)).status).toBe(200);
  await oldRow.getByRole('button', { name: /^Revoke key initial/ }).click();
  await confirm.getByRole('button', { name: 'Revoke key' }).click();
  await expect(confirm).toBeHidden();
  await expect(card.getByTestId('key-row')).toHaveCount(2);
  expect((await devinSelf(firstToken)).status).toBe(401);
  expect((await devinSelf(rotatedToken)).status).toBe(200);

  await page.getByLabel('Show revoked and expired keys').check();
  await expect(card.getByTestId('key-row').filter({ hasText: 'Revoked' })).toHaveCount(1);
});

test('bad input is refused naming the field, and other orgs stay invisible', async ({ page }) => {
  await signInAs(page, DEMO.lead, '/service-users');
  const orgId = await page.getByLabel('Organization', { exact: true }).inputValue();
  const bad = await page.request.post(`/api/orgs/${orgId}/service-users`, {
    headers: { Origin: ORIGIN },
    data: { name: 'ok-name', roleId: 'role-org-viewer', lifetime: '10y' },
  });
  expect(bad.status()).toBe(422);
  expect((await bad.json()).error).toMatchObject({ code: 'unprocessable_entity', field: 'lifetime' });

  const form = page.getByRole('form', { name: 'New service user' });
  await form.getByRole('button', { name: 'Create service user' }).click();
  await expect(form.getByText('Give the service user a name')).toBeVisible();
  await expect(form.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
});

test('someone who administers no org is told so, and cannot reach another org’s service users', async ({ page }) => {
  await signInAs(page, DEMO.member, '/service-users');
  await expect(page.getByTestId('service-users-no-orgs')).toContainText('You do not manage any organization');
  const payments = await page.request.get('/api/orgs');
  expect(payments.ok()).toBe(true);
  const orgs = ((await payments.json()) as { items: { orgId: string; name: string }[] }).items;
  const own = orgs.find((o) => o.name === 'Équipe de Science des Données')!;
  const res = await page.request.get(`/api/orgs/${own.orgId}/service-users`);
  expect(res.status()).toBe(403);
  expect((await res.json()).error.message).toMatch(/admin role in this organization/);
});
