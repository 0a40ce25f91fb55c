import { demoOrgId } from '../../emulator/ids';
import { DEMO, expect, signInAs, test } from './fixtures';

test('unknown pages answer a real 404 inside the portal frame; unknown API paths answer 404 JSON', async ({ page }) => {
  await signInAs(page, DEMO.member);
  const res = await page.goto('/no-such-page');
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeAttached();
  await expect(page.getByTestId('user-menu')).toContainText(DEMO.member);

  // In-app "not found" (an org the person is not in, a session id that does not parse) is a real 404 too.
  expect((await page.goto(`/orgs/${demoOrgId('payments')}`))?.status()).toBe(404);
  await expect(page.getByTestId('not-found')).toBeVisible();
  expect((await page.goto('/sessions/not-an-org/not-a-session'))?.status()).toBe(404);
  expect((await page.goto('/approvals'))?.status()).toBe(404);

  const api = await page.request.get('/api/no-such-route');
  expect(api.status()).toBe(404);
  expect((await api.json()).error.code).toBe('not_found');
});

test('a sessions filter that does not work keeps what was typed and says why next to the field', async ({ page }) => {
  await signInAs(page, DEMO.member, '/sessions');
  await page.getByLabel('Tag').fill('cleanup');
  await page.getByLabel('Created from').fill('2026-10-10');
  await page.getByLabel('Created until').fill('2026-10-01');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/to=2026-10-01/);
  await expect(page.getByLabel('Tag')).toHaveValue('cleanup');
  await expect(page.getByLabel('Created from')).toHaveValue('2026-10-10');
  const to = page.getByLabel('Created until');
  await expect(to).toHaveValue('2026-10-01');
  await expect(to).toHaveAttribute('aria-invalid', 'true');
  await expect(to).toHaveAccessibleDescription('The end date is before the start date: pick a later one.');
  await expect(page.getByTestId('filters-invalid')).toContainText('Check the filters above');
  await expect(page.getByText('to: must not be before')).toHaveCount(0);
});

test("the start form shows the org's per-session cap and refuses a limit above it, next to the field", async ({ page }) => {
  await signInAs(page, DEMO.lead, `/sessions/new?org=${demoOrgId('payments')}`);
  await expect(page.getByTestId('acu-limit-hint')).toContainText('Payments allows at most 40 ACU per session');
  await page.getByLabel('Prompt', { exact: true }).fill('Look at the flaky refund test');
  const limit = page.getByLabel(/^ACU limit/);
  await limit.fill('80');
  await page.getByRole('button', { name: 'Start session' }).click();
  await expect(limit).toHaveAttribute('aria-invalid', 'true');
  await expect(limit).toBeFocused();
  await expect(page.getByText("ACU limit is above Payments's cap of 40 ACU per session.")).toBeVisible();
  await expect(page).toHaveURL(/\/sessions\/new/);
  // Another org, another cap.
  await page.getByLabel('Organization').selectOption({ label: 'Mobile Apps' });
  await expect(page.getByTestId('acu-limit-hint')).toContainText('Mobile Apps allows at most 40 ACU per session');
});

test('the overview answers "where do I stand" for an admin: own orgs, this cycle, waiting approvals', async ({ page }) => {
  await signInAs(page, DEMO.admin);
  const orgs = page.getByTestId('orgs-table');
  await expect(orgs.getByRole('link', { name: 'Platform Engineering' })).toBeVisible();
  await expect(orgs.getByRole('meter', { name: /Platform Engineering/ })).toBeVisible();
  await expect(page.getByTestId('cycle-spend')).toContainText('ACU so far');
  await expect(page.getByTestId('cycle-spend')).toContainText('The whole enterprise');
  await expect(page.getByTestId('cycle-forecast')).not.toBeEmpty();
  await expect(page.getByRole('heading', { name: 'Waiting for approval' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Your recent sessions' })).toBeVisible();
});

test('the overview lists a member’s own recent sessions with their status', async ({ page }) => {
  await signInAs(page, DEMO.member);
  const recent = page.getByTestId('recent-sessions');
  await expect(recent.getByRole('listitem').first()).toBeVisible();
  await expect(recent.getByTestId('session-status').first()).toHaveText(/Queued|Starting|Running|Resuming|Suspended|Finished|Terminated|Failed/);
  await expect(page.getByRole('heading', { name: 'Waiting for approval' })).toHaveCount(0);
  await expect(page.getByTestId('cycle-spend')).toContainText('Your organizations together');
});

test('sessions page forward and back, with where the page stands in the list', async ({ page }) => {
  await signInAs(page, DEMO.admin, '/sessions?first=5');
  const rows = page.getByTestId('sessions-table').locator('tbody tr');
  const count = page.getByTestId('sessions-count');
  await expect(rows).toHaveCount(5);
  await expect(count).toHaveText(/^Showing 1–5 of \d+ sessions$/);
  const first = await rows.first().textContent();
  await page.getByRole('link', { name: 'Next page' }).click();
  await expect(count).toHaveText(/^Showing 6–\d+ of \d+ sessions$/);
  await expect(rows.first()).not.toHaveText(first!);
  const second = await rows.first().textContent();
  await page.getByRole('link', { name: 'Next page' }).click();
  await expect(count).toHaveText(/^Showing 11–\d+ of \d+ sessions$/);
  await page.getByRole('link', { name: 'Previous page' }).click();
  await expect(count).toHaveText(/^Showing 6–\d+ of \d+ sessions$/);
  await expect(rows.first()).toHaveText(second!);
  await page.getByRole('link', { name: 'Previous page' }).click();
  await expect(count).toHaveText(/^Showing 1–5 of \d+ sessions$/);
  await expect(rows.first()).toHaveText(first!);
  await expect(page.getByRole('link', { name: 'Previous page' })).toHaveCount(0);
});
