import { mkdirSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { demoOrgId } from '../../emulator/ids';
import { DEMO, expect, signInAs, test } from './fixtures';
import { expectAccessible, expectFits } from './page-checks';

/**
 * Every page at phone, tablet and desktop widths: nothing scrolls sideways, and the page's primary action can be
 * reached (scrolled to, fully inside the viewport, and not covered). With E2E_SCREENSHOTS=<dir> each view is also
 * saved as a full-page PNG for review.
 */
const VIEWPORTS = [
  { name: 'phone', width: 360, height: 740 },
  { name: 'phone-390', width: 390, height: 844 },
  { name: 'tablet', width: 768, height: 1024 },
  { name: 'desktop', width: 1280, height: 800 },
] as const;

const SHOTS = process.env.E2E_SCREENSHOTS;
if (SHOTS) mkdirSync(SHOTS, { recursive: true });

interface View {
  path: string;
  name: string;
  /** The one thing a person comes to this page to do. */
  primary?: (page: Page) => Locator;
}

async function expectReachable(page: Page, target: Locator, label: string) {
  await target.scrollIntoViewIfNeeded({ timeout: 5_000 }).catch(() => undefined);
  await expect.soft(target, `${label}: primary action is not visible`).toBeVisible({ timeout: 1_000 });
  if (!(await target.isVisible())) return;
  const box = await target.boundingBox();
  const width = page.viewportSize()!.width;
  expect.soft(box, `${label}: primary action has no box`).not.toBeNull();
  if (box) {
    expect.soft(box.x, `${label}: primary action starts off-screen`).toBeGreaterThanOrEqual(0);
    expect.soft(box.x + box.width, `${label}: primary action ends off-screen`).toBeLessThanOrEqual(width + 0.5);
    // Nothing sits on top of it: the element at its centre is the action itself or inside it.
    const onTop = await target.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return hit !== null && (el === hit || el.contains(hit));
    });
    expect.soft(onTop, `${label}: primary action is covered`).toBe(true);
  }
}

async function visitAll(page: Page, who: string, views: View[]) {
  for (const vp of VIEWPORTS) {
    await page.setViewportSize({ width: vp.width, height: vp.height });
    for (const view of views) {
      const label = `${who} ${view.name} @${vp.width}px`;
      await page.goto(view.path);
      await expect(page.locator('main')).toBeVisible();
      // Let every Suspense boundary resolve before measuring.
      await expect(page.locator('main [role=status][aria-live=polite] .skeleton')).toHaveCount(0, { timeout: 20_000 });
      await expectFits(page, label);
      if (view.primary) await expectReachable(page, view.primary(page), label);
      if (vp.name === 'phone' || vp.name === 'desktop') await expectAccessible(page, label);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/${who}-${view.name}-${vp.name}.png`, fullPage: true });
    }
  }
}

test.describe('responsive layout', () => {
  test.describe.configure({ timeout: 240_000 });

  test('a member can use every page on a phone, a tablet and a desktop', async ({ page }) => {
    await signInAs(page, DEMO.member);
    // A session of their own, so the session page has something to show.
    await page.goto('/sessions?mine=1');
    const first = page.getByTestId('sessions-table').getByRole('link', { name: /./ }).first();
    const sessionHref = (await first.count()) ? await first.getAttribute('href') : null;
    const views: View[] = [
      { path: '/', name: 'overview', primary: (p) => p.getByRole('link', { name: 'Start a session' }).first() },
      { path: '/orgs', name: 'orgs', primary: (p) => p.getByRole('link', { name: 'Request an organization' }) },
      { path: '/orgs/new', name: 'org-request', primary: (p) => p.getByRole('button', { name: /request|create/i }).last() },
      { path: `/orgs/${demoOrgId('data')}`, name: 'org' },
      { path: '/sessions', name: 'sessions', primary: (p) => p.getByRole('link', { name: 'Start a session' }) },
      { path: '/sessions/new', name: 'session-new', primary: (p) => p.getByRole('button', { name: 'Start session' }) },
      { path: '/sessions/batch', name: 'session-batch' },
      { path: '/consumption', name: 'consumption' },
      { path: '/audit', name: 'audit' },
      ...(sessionHref ? [{ path: sessionHref, name: 'session' }] : []),
    ];
    await visitAll(page, 'member', views);
  });

  test('an admin can use every page on a phone, a tablet and a desktop', async ({ page }) => {
    await signInAs(page, DEMO.admin);
    const views: View[] = [
      { path: '/', name: 'overview' },
      { path: '/orgs', name: 'orgs', primary: (p) => p.getByRole('link', { name: 'Request an organization' }) },
      { path: `/orgs/${demoOrgId('payments')}`, name: 'org' },
      { path: '/sessions', name: 'sessions', primary: (p) => p.getByRole('link', { name: 'Start a session' }) },
      { path: '/service-users', name: 'service-users' },
      { path: '/consumption', name: 'consumption' },
      { path: '/audit', name: 'audit', primary: (p) => p.getByRole('button', { name: /apply|filter/i }).first() },
      { path: '/approvals', name: 'approvals' },
      { path: '/no-such-page', name: 'not-found' },
    ];
    await visitAll(page, 'admin', views);
  });

  test('on a phone the navigation collapses behind a menu button that opens and closes it', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await signInAs(page, DEMO.lead);
    const nav = page.getByRole('navigation', { name: 'Main' });
    const menu = page.getByRole('button', { name: 'Menu' });
    await expect(menu).toBeVisible();
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await expect(nav.getByRole('link', { name: 'Sessions' })).toBeHidden();
    await menu.click();
    await expect(menu).toHaveAttribute('aria-expanded', 'true');
    await expect(nav.getByRole('link', { name: 'Sessions' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    await nav.getByRole('link', { name: 'Sessions' }).click();
    await expect(page).toHaveURL(/\/sessions$/);
    // Following a link closes the menu again.
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await expect(nav.getByRole('link', { name: 'Consumption' })).toBeHidden();
    // Escape closes it too, and focus returns to the button.
    await menu.click();
    await page.keyboard.press('Escape');
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await expect(menu).toBeFocused();

    // At desktop width the links are simply there.
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect(menu).toBeHidden();
    await expect(nav.getByRole('link', { name: 'Sessions' })).toBeVisible();
  });
});
