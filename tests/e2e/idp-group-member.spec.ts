import { DEMO_ORGS, DEMO_PEOPLE } from '../../demo/directory';
import { expect, signInAs, test } from './fixtures';

/*
 * Someone who belongs to Devin orgs only through an IdP group (the usual case where orgs are
 * managed by groups) signs in through the real IdP and sees exactly those orgs: Devin's
 * idp-users answers, held to the published contract, carry no direct role_assignments.
 */

const growthOnly = DEMO_PEOPLE.find((p) => p.orgs.length === 1 && p.orgs[0]!.org === 'growth')!;

test('a member through an IdP group sees exactly the orgs that group grants', async ({ page }) => {
  await signInAs(page, growthOnly.email, '/orgs');
  const table = page.getByTestId('orgs-table');
  await expect(table.getByRole('link', { name: 'Growth', exact: true })).toBeVisible();
  const shown = await table.locator('tbody tr').count();
  expect(shown).toBe(1);
  for (const other of DEMO_ORGS.filter((o) => o.key !== 'growth')) {
    await expect(table.getByRole('link', { name: other.name, exact: true })).toHaveCount(0);
  }
  const me = await page.request.get('/api/me');
  expect(me.status()).toBe(200);
});
