import type { Browser, Page } from '@playwright/test';
import { DEMO, expect, orgNamesRemovedAfterAll, signInAs, test } from './fixtures';

const EMULATOR = process.env.E2E_EMULATOR_URL!;
const TOKEN = process.env.DEVIN_SERVICE_USER_TOKEN!;
const ORIGIN = process.env.E2E_ORIGIN!;

const unique = orgNamesRemovedAfterAll();

async function upstreamOrgsNamed(name: string): Promise<{ org_id: string }[]> {
  const res = await fetch(`${EMULATOR}/v3/enterprise/organizations?first=200`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  return ((await res.json()) as { items: { org_id: string; name: string }[] }).items.filter((o) => o.name === name);
}

async function signedIn(browser: Browser, email: string, next = '/') {
  const page = await (await browser.newContext()).newPage();
  await signInAs(page, email, next);
  return page;
}

/** Files a request above the auto-approve threshold through the form and returns once it is queued. */
async function requestAboveThreshold(page: Page, name: string) {
  await page.goto('/orgs/new');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('ACUs per billing cycle').fill('5000');
  await page.getByLabel('ACUs per session').fill('50');
  await page.getByLabel('What is it for?').fill('A large migration that needs a bigger budget');
  await expect(page.getByText("Needs an admin's approval", { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Review request' }).click();
  await expect(page.getByRole('heading', { name: 'Ready to send for approval' })).toBeVisible();
  await page.getByRole('button', { name: 'Send for approval' }).click();
  await expect(page.getByRole('heading', { name: 'Request sent for approval' })).toBeFocused();
}

test('a request above the threshold waits; an admin approves; the requester now sees the org', async ({ browser }) => {
  test.setTimeout(180_000);
  const name = unique('Migration Lab');
  const bob = await signedIn(browser, DEMO.lead);
  await requestAboveThreshold(bob, name);
  expect(await upstreamOrgsNamed(name)).toEqual([]);
  await bob.goto('/orgs');
  const mine = bob.getByTestId('my-requests').getByRole('row', { name: new RegExp(name) });
  await expect(mine).toContainText('Waiting for approval');
  await expect(bob.getByTestId('orgs-table')).not.toContainText(name);

  const alice = await signedIn(browser, DEMO.admin, '/approvals');
  const row = alice.getByTestId('approval-queue').getByRole('row', { name: new RegExp(name) });
  await expect(row).toContainText(DEMO.lead);
  await row.getByRole('button', { name: `Approve ${name}` }).click();
  const dialog = alice.getByRole('dialog', { name: `Approve ${name}?` });
  await dialog.getByLabel(/Note for the requester/).fill('Go ahead');
  await dialog.getByRole('button', { name: 'Approve and create' }).click();
  await expect(dialog).toBeHidden();
  // The row moves at once: out of the queue, onto the decided list, and the page says how it went, without a reload.
  await expect(alice.getByTestId('approval-queue').getByRole('row', { name: new RegExp(name) })).toHaveCount(0);
  await expect(alice.getByTestId('decided-requests').getByRole('row', { name: new RegExp(name) })).toBeVisible();
  await expect(alice.getByTestId('decision-notice')).toContainText(`Approved ${name}: the organization is created and Bob`);
  await expect(alice.getByTestId('decided-requests').getByRole('row', { name: new RegExp(name) })).toContainText('Created');
  await expect(alice.getByTestId('decided-requests').getByRole('row', { name: new RegExp(name) })).toContainText('Go ahead');
  const [org] = await upstreamOrgsNamed(name);
  expect(org?.org_id).toMatch(/^org-/);

  // Memberships are cached for up to a minute (lib/access); in `next dev` the page may hold its own copy of that cache.
  await expect(async () => {
    await bob.reload();
    await expect(bob.getByTestId('orgs-table').getByRole('row', { name: new RegExp(name) })).toContainText('Org Admin', { timeout: 2_000 });
  }).toPass({ timeout: 80_000, intervals: [1_000, 5_000] });
  await expect(bob.getByTestId('my-requests').getByRole('row', { name: new RegExp(name) })).toContainText('Created');
  await expect(bob.getByTestId('my-requests')).toContainText(`by ${DEMO.admin}`);

  // The admin removes it again, through the confirmation that asks for the name.
  await alice.goto(`/orgs/${org!.org_id}`);
  await alice.getByRole('button', { name: 'Delete' }).click();
  const confirm = alice.getByRole('dialog', { name: `Delete ${name}?` });
  const del = confirm.getByRole('button', { name: 'Delete organization' });
  await expect(del).toBeDisabled();
  await confirm.getByLabel(/Type .* to confirm/).fill(name);
  await del.click();
  await expect(alice).toHaveURL(/\/orgs$/);
  expect(await upstreamOrgsNamed(name)).toEqual([]);
});

test('nobody approves their own request: no button in the queue, and the API refuses', async ({ browser }) => {
  const name = unique('Admin Own Org');
  const alice = await signedIn(browser, DEMO.admin);
  await requestAboveThreshold(alice, name);

  await alice.goto('/approvals');
  const row = alice.getByTestId('approval-queue').getByRole('row', { name: new RegExp(name) });
  await expect(row).toContainText('Your own request: another admin decides.');
  await expect(row.getByRole('button', { name: /Approve/ })).toHaveCount(0);

  const mine = await (await alice.request.get('/api/org-requests?queue=mine')).json();
  const request = mine.items.find((r: { name: string }) => r.name === name);
  const res = await alice.request.post(`/api/org-requests/${request.id}/approve`, { headers: { Origin: ORIGIN }, data: {} });
  expect(res.status()).toBe(403);
  expect((await res.json()).error.message).toMatch(/cannot approve your own request/);
  expect(await upstreamOrgsNamed(name)).toEqual([]);

  // Withdrawing is how the requester closes it.
  await alice.goto('/orgs');
  await alice.getByRole('button', { name: `Withdraw the request for ${name}` }).click();
  await alice.getByRole('dialog').getByRole('button', { name: 'Withdraw request' }).click();
  await expect(alice.getByTestId('my-requests').getByRole('row', { name: new RegExp(name) })).toContainText('Withdrawn');
});

test('a decision that fails puts the row back with the reason; a rejection moves it to Decided at once', async ({ browser }) => {
  test.setTimeout(120_000);
  const name = unique('Rollback Lab');
  const bob = await signedIn(browser, DEMO.lead);
  await requestAboveThreshold(bob, name);
  const alice = await signedIn(browser, DEMO.admin, '/approvals');
  const queued = alice.getByTestId('approval-queue').getByRole('row', { name: new RegExp(name) });
  const decided = alice.getByTestId('decided-requests').getByRole('row', { name: new RegExp(name) });

  // The portal is down for this one call: the row leaves, then comes back, and the page says why.
  await alice.route('**/approve', (route) =>
    route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'upstream_error', message: 'Devin is not answering right now.' } }) }),
  );
  await queued.getByRole('button', { name: `Approve ${name}` }).click();
  await alice.getByRole('dialog', { name: `Approve ${name}?` }).getByRole('button', { name: 'Approve and create' }).click();
  await expect(alice.getByTestId('decision-notice').getByRole('alert')).toContainText(`Approving ${name} did not work: Devin is not answering right now. It is back in the queue.`);
  await expect(queued).toBeVisible();
  await expect(decided).toHaveCount(0);
  expect(await upstreamOrgsNamed(name)).toEqual([]);
  await alice.unroute('**/approve');

  await queued.getByRole('button', { name: `Reject ${name}` }).click();
  const dialog = alice.getByRole('dialog', { name: `Reject ${name}?` });
  await dialog.getByLabel('Reason').fill('Use the Platform org for this');
  await dialog.getByRole('button', { name: 'Reject request' }).click();
  await expect(queued).toHaveCount(0);
  await expect(decided).toContainText('Rejected');
  await expect(alice.getByTestId('decision-notice')).toContainText(`Rejected ${name}.`);
  await expect(decided).not.toContainText('Saving');
  // What the page shows is what the portal stored.
  await alice.reload();
  await expect(decided).toContainText('Use the Platform org for this');
  await expect(queued).toHaveCount(0);
});

test('a member cannot open the approvals page or call its API', async ({ page }) => {
  await signInAs(page, DEMO.member, '/approvals');
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  const res = await page.request.get('/api/org-requests?queue=pending');
  expect(res.status()).toBe(403);
});
