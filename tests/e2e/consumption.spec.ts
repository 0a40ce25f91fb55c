import { readFileSync } from 'node:fs';
import type { Download, Page } from '@playwright/test';
import { DEMO, expect, signInAs, test } from './fixtures';

async function csvOf(download: Download): Promise<string[][]> {
  const text = readFileSync(await download.path(), 'utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  // No cell in these files holds a comma, quote or line break, so a plain split is exact here.
  return text
    .slice(1)
    .split('\r\n')
    .filter(Boolean)
    .map((line) => line.split(','));
}

async function download(page: Page, button: ReturnType<Page['getByRole']>) {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return file;
}

test('an admin sees the enterprise total, a daily chart by product, every org against its cap, and exports CSV', async ({ page }) => {
  await signInAs(page, DEMO.admin, '/consumption');
  await expect(page.getByRole('heading', { level: 1, name: 'Consumption' })).toBeVisible();
  await expect(page.getByText('Days run from 08:00 UTC (midnight Pacific Standard Time)')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Enterprise' })).toBeVisible();
  await expect(page.getByTestId('range-total')).toContainText('ACU');

  const chart = page.getByTestId('consumption-chart');
  await expect(chart.locator('.recharts-bar-rectangle').first()).toBeVisible();
  await expect(chart.locator('.recharts-legend-item')).toContainText(['Devin', 'Cascade', 'Terminal']);

  const table = page.getByTestId('org-consumption-table');
  await expect(table.getByRole('row', { name: /Payments/ })).toContainText('of 3,000 ACU');
  await expect(table.getByRole('row', { name: /Growth/ })).toContainText('No cap');
  const nameHeader = table.getByRole('columnheader', { name: /Organization/ });
  await nameHeader.getByRole('button').click();
  await expect(nameHeader).toHaveAttribute('aria-sort', 'ascending');
  const names = await table.locator('tbody th[scope=row]').evaluateAll((cells) => cells.map((c) => c.childNodes[0]!.textContent!));
  expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));

  const orgsCsv = await csvOf(await download(page, page.getByRole('button', { name: 'Download CSV' }).first()));
  expect(orgsCsv[0]).toEqual(['org_id', 'organization', 'acus_in_range', 'cycle_acus', 'cycle_cap', 'run_rate_per_day', 'forecast_at_cycle_end', 'forecast_basis', 'forecast_confidence', 'passes_cap_at_utc', 'error']);
  expect(orgsCsv.slice(1).map((r) => r[1])).toEqual(names);

  const dailyFile = await download(page, page.getByRole('button', { name: 'Download daily CSV' }));
  expect(dailyFile.suggestedFilename()).toMatch(/^devin-consumption-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}-daily\.csv$/);
  const daily = await csvOf(dailyFile);
  expect(daily[0]).toEqual(expect.arrayContaining(['day_start_utc', 'devin_acus', 'total_acus']));
  expect(daily.slice(1).every((r) => r[0]!.endsWith('T08:00:00.000Z'))).toBe(true);
});

test('the range picker changes the window, and a custom range names the field at fault', async ({ page }) => {
  await signInAs(page, DEMO.admin, '/consumption');
  await page.getByLabel('Range', { exact: true }).selectOption('7d');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/range=7d/);
  await expect(page.getByText('(7 days)')).toBeVisible();
  await expect(page.getByLabel('Range', { exact: true })).toHaveValue('7d');

  await page.getByLabel('Range', { exact: true }).selectOption('custom');
  await page.getByLabel('From day').fill('2026-10-10');
  await page.getByLabel('To day (included)').fill('2026-10-01');
  await page.getByRole('button', { name: 'Show' }).click();
  // The form keeps what was typed and says what is wrong next to the field, in words; the page falls back to the cycle.
  await expect(page.getByTestId('range-invalid')).toContainText('That range does not work');
  await expect(page.getByLabel('Range', { exact: true })).toHaveValue('custom');
  await expect(page.getByLabel('From day')).toHaveValue('2026-10-10');
  const to = page.getByLabel('To day (included)');
  await expect(to).toHaveValue('2026-10-01');
  await expect(to).toHaveAttribute('aria-invalid', 'true');
  await expect(to).toHaveAccessibleDescription('The last day is before the first day: pick a later one.');
  await expect(page.getByText('must not be before')).toHaveCount(0);
});

test('an org admin sees who used their org’s ACUs', async ({ page }) => {
  await signInAs(page, DEMO.lead, '/consumption');
  await expect(page.getByRole('heading', { name: 'Your organizations' })).toBeVisible();
  const table = page.getByTestId('org-consumption-table');
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await table.getByRole('button', { name: "Who used Payments's ACUs" }).click();
  const breakdown = page.getByTestId('consumption-breakdown');
  await expect(breakdown.getByRole('heading', { name: 'Who used ACUs in Payments' })).toBeFocused();
  await expect(breakdown.getByRole('row', { name: /Bob Okafor/ })).toBeVisible();
  await expect(breakdown.getByRole('row', { name: /payments-deploy-bot/ })).toContainText('Service user');
});

test('a member sees only their own org and only their own use in it', async ({ page }) => {
  await signInAs(page, DEMO.member, '/consumption');
  const table = page.getByTestId('org-consumption-table');
  await expect(table.locator('tbody tr')).toHaveCount(1);
  const breakdown = page.getByTestId('consumption-breakdown');
  await expect(breakdown).toContainText('this is yours');
  await expect(breakdown.locator('tbody tr')).toHaveCount(1);
  await expect(breakdown.locator('tbody')).toContainText('carol@acme.test');
  const otherOrg = await page.request.get('/api/consumption/orgs/org-000000000000');
  expect(otherOrg.status()).toBe(404);
});
