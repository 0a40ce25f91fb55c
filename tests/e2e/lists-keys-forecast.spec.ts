import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { DEMO, expect, signInAs, test } from './fixtures';
import { expectAccessible, expectFits } from './page-checks';

/**
 * The rest of issue 10: key lifetimes that follow the service user, one trustworthy forecast on both pages, counts
 * and paging on the sessions and audit lists, the audit log as cards on a phone, and the Action filter as a
 * keyboard-driven combobox. Each at phone (390 px) and desktop widths, axe clean. With E2E_SCREENSHOTS=<dir> the
 * views are saved for review.
 */
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const SIZES = [
  { name: 'phone', ...PHONE },
  { name: 'desktop', ...DESKTOP },
] as const;
const ORIGIN = process.env.E2E_ORIGIN!;
const SHOTS = process.env.E2E_SCREENSHOTS;
if (SHOTS) mkdirSync(SHOTS, { recursive: true });

const shot = async (page: Page, name: string, fullPage = true) => {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage });
};
const settled = (page: Page) => expect(page.locator('main [role=status][aria-live=polite] .skeleton')).toHaveCount(0, { timeout: 20_000 });

test.describe.configure({ timeout: 120_000 });

test('a key for a 30-day service user defaults to the service user’s own end, and a longer one is refused naming the field', async ({ page }) => {
  await signInAs(page, DEMO.lead, '/service-users');
  const name = `thirty-${randomBytes(3).toString('hex')}`;
  const form = page.getByRole('form', { name: 'New service user' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Role').selectOption({ label: 'Org Viewer' });
  await form.getByLabel('Expires after').selectOption({ label: '30 days' });
  await form.getByRole('button', { name: 'Create service user' }).click();
  const reveal = page.getByTestId('token-reveal');
  await reveal.getByRole('button', { name: 'I have stored it' }).click();
  const card = page.getByRole('article', { name: `Service user ${name}` });
  const suExpiry = /expires (.+?) ·/.exec((await card.textContent())!)![1]!;

  for (const size of SIZES) {
    await page.setViewportSize(size);
    await card.getByRole('button', { name: /^Rotate key initial/ }).click();
    const rotate = page.getByRole('dialog', { name: 'Rotate key “initial”' });
    const lifetime = rotate.getByLabel('New key expires after');
    // Offered: the service user's own end (chosen), and of the fixed lifetimes only those that end before it.
    await expect(lifetime).toHaveValue('service-user');
    await expect(lifetime.locator('option')).toHaveText(['Until the service user expires', '7 days']);
    await expect(rotate.getByText(/^The service user expires .+; a key never outlives it\.$/)).toBeVisible();
    await expectFits(page, `rotate dialog @${size.width}px`);
    await expectAccessible(page, `rotate dialog @${size.width}px`);
    await shot(page, `rotate-dialog-${size.name}`, false);
    await rotate.getByRole('button', { name: 'Cancel' }).click();
    await expect(rotate).toBeHidden();
  }

  await card.getByRole('button', { name: /^Rotate key initial/ }).click();
  const rotate = page.getByRole('dialog', { name: 'Rotate key “initial”' });
  await rotate.getByLabel('The old key').selectOption({ label: 'Revoke the old key at once' });
  await rotate.getByRole('button', { name: 'Rotate key' }).click();
  await expect(rotate).toBeHidden();
  await reveal.getByRole('button', { name: 'I have stored it' }).click();
  // The new key ends the day the service user does, not 7 days from now.
  await expect(card.getByTestId('key-row')).toHaveCount(1);
  await expect(card.getByTestId('key-row').first()).toContainText(suExpiry);

  // The new-key dialog starts on the same default.
  await card.getByRole('button', { name: `New key for ${name}` }).click();
  const newKey = page.getByRole('dialog', { name: `New key for ${name}` });
  await expect(newKey.getByLabel('New key expires after')).toHaveValue('service-user');
  await newKey.getByRole('button', { name: 'Cancel' }).click();

  // Past the service user's end: a 422 that names the field, whatever the form offered.
  const orgId = await page.getByLabel('Organization', { exact: true }).inputValue();
  const listed = (await (await page.request.get(`/api/orgs/${orgId}/service-users`)).json()) as { items: { serviceUserId: string; name: string }[] };
  const suId = listed.items.find((s) => s.name === name)!.serviceUserId;
  const refused = await page.request.post(`/api/orgs/${orgId}/service-users/${suId}/keys`, {
    headers: { Origin: ORIGIN },
    data: { name: 'too-long', lifetime: '90d' },
  });
  expect(refused.status()).toBe(422);
  const body = (await refused.json()) as { error: { code: string; field: string; message: string } };
  expect(body.error).toMatchObject({ code: 'unprocessable_entity', field: 'lifetime' });
  expect(body.error.message).toMatch(/^lifetime: the service user itself expires on \d{4}-\d{2}-\d{2}/);
});

test('the consumption page and the overview give the same forecast, with its basis and confidence', async ({ page }) => {
  await signInAs(page, DEMO.admin, '/');
  await expect(page.getByTestId('cycle-forecast-basis')).toHaveText(/^Based on (the last 7 full days|the previous cycle) \(.+\).* Confidence: (high|medium)\.$/);
  const overviewBasis = (await page.getByTestId('cycle-forecast-basis').textContent())!;

  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.goto('/consumption');
    await settled(page);
    const basis = page.getByTestId('forecast-basis').first();
    // One forecast function: the same words, rate and all, on both pages.
    await expect(basis).toHaveText(overviewBasis.replace(/ Confidence: .*$/, ''));
    await expect(page.getByTestId('forecast-confidence')).toHaveText(/^Confidence: (high|medium)\. /);

    // Every org row says what its projection rests on; a "passes its cap" badge only ever comes with confidence.
    const rows = page.getByTestId('org-consumption-table').locator('tbody tr');
    await expect(rows.first()).toBeVisible();
    for (const row of await rows.all()) {
      if ((await row.getByText('Not loaded').count()) > 0) continue;
      const rowBasis = (await row.getByTestId('forecast-basis').textContent())!;
      expect(rowBasis).toMatch(/^(last 7 full days|previous cycle|only \d+ days? so far|no full day yet), (high|medium|low|no) confidence$/);
      if ((await row.getByText(/^Passes its cap around/).count()) > 0) expect(rowBasis).toMatch(/(high|medium) confidence$/);
      if (/(low|no) confidence$/.test(rowBasis)) await expect(row.getByText(/^Passes its cap/)).toHaveCount(0);
    }
    await expectFits(page, `consumption @${size.width}px`);
    await expectAccessible(page, `consumption @${size.width}px`);
    await shot(page, `consumption-${size.name}`);
  }
});

test('sessions say where a page stands and page both ways on a phone and a desktop', async ({ page }) => {
  await signInAs(page, DEMO.admin, '/sessions?first=5');
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.goto('/sessions?first=5');
    await settled(page);
    const count = page.getByTestId('sessions-count');
    await expect(count).toHaveText(/^Showing 1–5 of \d+ sessions$/);
    const total = /of (\d+)/.exec((await count.textContent())!)![1];
    await page.getByRole('link', { name: 'Next page' }).click();
    await expect(count).toHaveText(new RegExp(`^Showing 6–\\d+ of ${total} sessions$`));
    await expect(page.getByRole('link', { name: 'Previous page' })).toBeVisible();
    await expectFits(page, `sessions page 2 @${size.width}px`);
    await expectAccessible(page, `sessions page 2 @${size.width}px`);
    await page.getByTestId('sessions-count').scrollIntoViewIfNeeded();
    await shot(page, `sessions-page2-${size.name}`, false);
    await page.getByRole('link', { name: 'Previous page' }).click();
    await expect(count).toHaveText(`Showing 1–5 of ${total} sessions`);
  }
});

test('the audit log is a list of cards on a phone and a table on a desktop, every field labelled, with counts and paging', async ({ page }) => {
  await signInAs(page, DEMO.admin, '/audit?source=devin&range=90d');
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.goto('/audit?source=devin&range=90d');
    await settled(page);
    const table = page.getByTestId('audit-table');
    const row = page.getByTestId('audit-row').first();
    await expect(row).toBeVisible();
    const layout = await table.evaluate((t) => {
      const wrap = t.parentElement!;
      const tr = t.querySelector('tbody tr')!;
      const cells = [...tr.children].map((c) => ({ label: c.getAttribute('data-label'), right: c.getBoundingClientRect().right, width: c.getBoundingClientRect().width }));
      return { rowDisplay: getComputedStyle(tr).display, wrapScrolls: wrap.scrollWidth > wrap.clientWidth + 1, cells, viewport: window.innerWidth };
    });
    expect(layout.cells.slice(1).map((c) => c.label)).toEqual(['Action', 'Organization', 'Who', 'Data']);
    if (size.name === 'phone') {
      // Cards: each row a block, every field full width and inside the screen, nothing to scroll sideways.
      expect(layout.rowDisplay).toBe('block');
      expect(layout.wrapScrolls).toBe(false);
      for (const c of layout.cells) expect(c.right).toBeLessThanOrEqual(layout.viewport);
      await expect(row.getByRole('rowheader')).toBeVisible();
    } else {
      expect(layout.rowDisplay).toBe('table-row');
    }
    await expect(page.getByTestId('audit-count')).toHaveText(/^Showing 1–50 of \d+ entries$/);
    await expectFits(page, `audit @${size.width}px`);
    await expectAccessible(page, `audit @${size.width}px`);
    await row.scrollIntoViewIfNeeded();
    await shot(page, `audit-${size.name}`, false);

    // Over 100 days Devin is read window by window and gives no grand total: the page says so instead of inventing one.
    await page.goto('/audit?source=devin&range=365d');
    await settled(page);
    const count = page.getByTestId('audit-count');
    await expect(count).toHaveText('Showing 1–50 entries (page 1, 50 per page); more on the next page');
    await page.getByRole('link', { name: 'Next page' }).click();
    await expect(count).toHaveText('Showing 51–100 entries (page 2, 50 per page); more on the next page');
    await page.getByRole('link', { name: 'Previous page' }).click();
    await expect(count).toHaveText(/^Showing 1–50 entries \(page 1/);
  }

  await page.setViewportSize(PHONE);
  await page.goto('/audit?source=trail&range=365d');
  await settled(page);
  const trail = page.getByTestId('trail-table');
  if ((await trail.count()) > 0) {
    expect(await trail.locator('tbody tr').first().evaluate((tr) => getComputedStyle(tr).display)).toBe('block');
    await expect(page.getByTestId('audit-count')).toHaveText(/^Showing 1–\d+ of \d+ entries$/);
  }
  await expectFits(page, 'trail @390px');
  await page.getByTestId('audit-count').scrollIntoViewIfNeeded();
  await shot(page, 'audit-trail-phone', false);
});

test('the Action filter is a searchable list driven by the keyboard, and still takes a raw name', async ({ page }) => {
  await signInAs(page, DEMO.admin, '/audit?source=devin&range=90d');
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.goto('/audit?source=devin&range=90d');
    await settled(page);
    const input = page.getByRole('combobox', { name: 'Action' });
    const list = page.getByRole('listbox', { name: 'Action suggestions' });
    await input.focus();
    await expect(input).toHaveAttribute('aria-expanded', 'false');

    await page.keyboard.type('rotate key');
    await expect(input).toHaveAttribute('aria-expanded', 'true');
    await expect(list.getByRole('option')).toHaveCount(1);
    await expect(list.getByRole('option').first()).toContainText('Rotate service user API key');
    await shot(page, `audit-action-list-${size.name}`, false);
    await expectAccessible(page, `audit action list open @${size.width}px`);

    // Down highlights, Enter picks (filling in the raw name Devin filters by) and closes the list.
    await page.keyboard.press('ArrowDown');
    const option = list.getByRole('option', { name: /Rotate service user API key/ });
    await expect(option).toHaveAttribute('aria-selected', 'true');
    await expect(input).toHaveAttribute('aria-activedescendant', (await option.getAttribute('id'))!);
    await page.keyboard.press('Enter');
    await expect(input).toHaveValue('rotate_service_user_api_key');
    await expect(input).toHaveAttribute('aria-expanded', 'false');

    // Escape closes the list and keeps the text; a second Escape clears it.
    await input.fill('');
    await page.keyboard.type('session');
    await expect(list.getByRole('option')).toHaveCount(5);
    await page.keyboard.press('ArrowUp'); // wraps to the last match
    await expect(list.getByRole('option').last()).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Escape');
    await expect(input).toHaveAttribute('aria-expanded', 'false');
    await expect(input).toHaveValue('session');
    await page.keyboard.press('Escape');
    await expect(input).toHaveValue('');

    // Picking and submitting with Enter filters the log.
    await page.keyboard.type('create session');
    await expect(list.getByRole('option')).toHaveCount(2);
    await page.keyboard.press('ArrowDown');
    await expect(list.getByRole('option').first()).toContainText('Create session');
    await page.keyboard.press('Enter');
    await expect(input).toHaveValue('create_session');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/[?&]action=create_session(&|$)/);
    await settled(page);
    const rows = page.getByTestId('audit-row');
    await expect(rows.first()).toBeVisible();
    for (const text of await rows.allTextContents()) expect(text).toContain('create_session');
    await expect(page.getByRole('combobox', { name: 'Action' })).toHaveValue('create_session');
  }

  // A name not in the list is sent as typed.
  await page.goto('/audit?source=trail&range=30d');
  const input = page.getByRole('combobox', { name: 'Action' });
  await input.fill('portal.made_up');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/[?&]action=portal\.made_up(&|$)/);
  await expect(page.getByRole('combobox', { name: 'Action' })).toHaveValue('portal.made_up');
  await expect(page.getByText('Nothing in this range')).toBeVisible();
});
