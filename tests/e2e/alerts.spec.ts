import { DEMO, expect, signInAs, test } from './fixtures';

test('health probes answer anonymous callers without detail; metrics need their token', async ({ request }) => {
  const live = await request.get('/api/health/live');
  expect(live.status()).toBe(200);
  expect(await live.json()).toMatchObject({ status: 'live' });
  const ready = await request.get('/api/health/ready');
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toEqual({ status: 'ready', checks: { store: 'ok', upstream: 'ok' } });
  expect(await (await request.get('/api/health')).json()).toEqual({ status: 'ok' });

  const anonymous = await request.get('/api/metrics');
  expect(anonymous.status()).toBe(401);
  expect((await anonymous.json()).error.code).toBe('unauthorized');
  expect(await anonymous.text()).not.toContain('portal_');
});

test('an admin sees the alerts page and sends a test message; a member cannot', async ({ page, browser }) => {
  await signInAs(page, DEMO.admin, '/alerts');
  await expect(page.getByRole('heading', { name: 'Alerts', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: /Overdue and failed jobs/ })).toBeVisible();
  await page.getByRole('button', { name: 'Send a test message' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Test message queued' })).toBeVisible();
  // The runner picks the delivery up; without a webhook in the e2e stack it is listed as not configured.
  const row = page.getByTestId('recent-alerts').locator('tr[data-kind="test"]').first();
  await expect(async () => {
    await page.reload();
    await expect(row).toContainText(/no webhook configured/i, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(row).toContainText(/sent by Alice/);

  const member = await browser.newPage();
  await signInAs(member, DEMO.member);
  await expect(member.getByRole('link', { name: 'Alerts' })).toHaveCount(0);
  const res = await member.request.get('/api/admin/alerts');
  expect(res.status()).toBe(403);
  // The page streams, so the refusal is the not-found page rather than a 404 status.
  await member.goto('/alerts');
  await expect(member.getByRole('heading', { name: 'Not found' })).toBeVisible();
  await expect(member.getByRole('button', { name: 'Send a test message' })).toHaveCount(0);
  await member.close();
});
