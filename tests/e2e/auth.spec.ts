import { DEMO, expect, signInAs, test } from './fixtures';

test('an anonymous visitor is sent to sign-in and comes back after', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2F/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
});

test('a member signs in through the IdP, sees only their orgs, and signs out', async ({ page }) => {
  await signInAs(page, DEMO.member);
  await expect(page.getByTestId('user-menu')).toContainText('Carol');
  const orgs = page.getByTestId('orgs-table');
  await expect(orgs).toContainText('Équipe de Science des Données');
  await expect(orgs.locator('tbody tr')).toHaveCount(1);
  await expect(orgs).not.toContainText('Payments');

  await page.getByRole('button', { name: 'Sign out' }).click();
  // The IdP session ends too: it asks, then returns to the portal's sign-in page.
  await expect(page.getByRole('heading', { name: /sign out of/i })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/signin/);
  // The next sign-in asks for credentials again, so someone else can use the browser.
  await page.getByRole('button', { name: /continue with/i }).click();
  await expect(page.getByLabel(/password/i)).toBeVisible();
});

test('a team lead sees both of their orgs and nothing else', async ({ page }) => {
  await signInAs(page, DEMO.lead);
  const orgs = page.getByTestId('orgs-table');
  await expect(orgs.locator('tbody tr')).toHaveCount(2);
  await expect(orgs).toContainText('Payments');
  await expect(orgs).toContainText('Mobile Apps');
});

test('an admin sees their own orgs on the overview and every org under Organizations', async ({ page }) => {
  await signInAs(page, DEMO.admin);
  await expect(page.getByTestId('user-menu')).toContainText('admin');
  const own = page.getByTestId('orgs-table');
  await expect(own.locator('tbody tr')).toHaveCount(1);
  await expect(own.getByRole('link', { name: 'Platform Engineering' })).toHaveAttribute('href', /\/orgs\/org-/);
  await expect(page.getByRole('link', { name: 'see all 6 organizations' })).toBeVisible();
  await page.goto('/orgs');
  const orgs = page.getByTestId('orgs-table');
  for (const name of ['Platform Engineering', 'Payments', 'Équipe de Science des Données', 'Mobile Apps', 'Security', 'Growth']) {
    await expect(orgs).toContainText(name);
  }
});

test('someone in no org gets a clear empty state', async ({ page }) => {
  await signInAs(page, DEMO.newJoiner);
  await expect(page.getByTestId('orgs-empty')).toBeVisible();
});

test('the home page shows who the portal acts as', async ({ page }) => {
  await signInAs(page, DEMO.member);
  await expect(page.getByTestId('acting-as')).toContainText('service-user-');
});
