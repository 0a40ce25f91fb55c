import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DEMO, expect, signInAs, test } from './fixtures';

const ORIGIN = process.env.E2E_ORIGIN!;

test('an admin pages through the Devin audit log and exports the whole range, which is recorded', async ({ page }) => {
  await signInAs(page, DEMO.admin, '/audit?source=devin&range=90d');
  await expect(page.getByRole('link', { name: 'Devin audit log' })).toHaveAttribute('aria-current', 'page');
  const rows = page.getByTestId('audit-row');
  await expect(rows).toHaveCount(50);
  // 90 days is one Devin window: Devin's own total is the grand total.
  await expect(page.getByTestId('audit-count')).toHaveText(/^Showing 1–50 of \d+ entries$/);
  const total = /of (\d+) entries/.exec((await page.getByTestId('audit-count').textContent())!)![1];
  const firstPage = await rows.allTextContents();

  await page.getByRole('link', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/after=/);
  await expect(rows.first()).not.toHaveText(firstPage[0]!);
  await expect(page.getByTestId('audit-count')).toHaveText(`Showing 51–100 of ${total} entries`);
  const secondPage = await rows.allTextContents();
  expect(secondPage.some((r) => firstPage.includes(r))).toBe(false);
  await page.getByRole('link', { name: 'Next page' }).click();
  await expect(rows.first()).not.toHaveText(secondPage[0]!);
  await expect(page.getByTestId('audit-count')).toHaveText(/^Showing 101–/);
  await page.getByRole('link', { name: 'Previous page' }).click();
  await expect(rows.first()).toHaveText(secondPage[0]!);
  await page.getByRole('link', { name: 'First page' }).click();
  await expect(rows.first()).toHaveText(firstPage[0]!);
  await expect(page.getByTestId('audit-count')).toHaveText(`Showing 1–50 of ${total} entries`);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^devin-audit-log-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = readFileSync(await download.path(), 'utf8').split('\r\n').filter(Boolean);
  expect(lines[0]).toContain('created_at_utc,action,org_id');
  expect(lines.length - 1).toBeGreaterThan(100);

  await page.getByRole('link', { name: 'Portal trail' }).click();
  const trail = page.getByTestId('trail-row').filter({ hasText: 'audit.export' }).first();
  await expect(trail).toContainText(DEMO.admin);
  await expect(trail).toContainText('source:devin');
});

test('entries the portal wrote show the person behind them', async ({ browser }) => {
  const lead = await (await browser.newContext()).newPage();
  await signInAs(lead, DEMO.lead, '/service-users');
  const orgId = await lead.getByLabel('Organization', { exact: true }).inputValue();
  const name = `audit-join-${randomBytes(3).toString('hex')}`;
  const created = await lead.request.post(`/api/orgs/${orgId}/service-users`, {
    headers: { Origin: ORIGIN },
    data: { name, roleId: 'role-org-viewer', lifetime: '30d' },
  });
  expect(created.status()).toBe(201);
  await lead.context().close();

  const admin = await (await browser.newContext()).newPage();
  await signInAs(admin, DEMO.admin, '/audit?source=devin&range=24h&action=create_service_user');
  const row = admin.getByTestId('audit-row').filter({ hasText: name });
  await expect(row).toContainText('Portal Service');
  await expect(row.getByTestId('portal-person')).toContainText('via the portal: Bob Okafor');
  await expect(row.getByTestId('portal-person')).toContainText(DEMO.lead);
});

test('a member is refused the enterprise audit log and sees only their own actions', async ({ page }) => {
  await signInAs(page, DEMO.member, '/audit?source=devin');
  await expect(page.getByTestId('audit-refused')).toContainText('Only portal admins can read the enterprise audit log');
  await expect(page.getByTestId('audit-table')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Devin audit log' })).toHaveCount(0);

  const refused = await page.request.get('/api/audit/export?source=devin');
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.code).toBe('forbidden');

  await page.getByRole('link', { name: 'your portal trail' }).click();
  await expect(page.getByRole('heading', { name: 'Your actions' })).toBeVisible();
  const own = await page.request.get('/api/audit/export?source=trail&range=365d');
  expect(own.status()).toBe(200);
  const emails = own
    .text()
    .then((t) => t.split('\r\n').slice(1).filter(Boolean).map((l) => l.split(',')[2]));
  expect(new Set(await emails).size).toBeLessThanOrEqual(1);
  for (const email of await emails) expect(email).toBe(DEMO.member);
});
