import { test as base, expect, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { DEMO_PASSWORD } from '../../demo/directory';

export const DEMO = {
  admin: 'alice@acme.test',
  lead: 'bob@acme.test',
  member: 'carol@acme.test',
  newJoiner: 'dave@acme.test',
} as const;

/** Signs in through the real local IdP, as a person would, and lands on `next`. */
export async function signInAs(page: Page, email: string, next = '/') {
  await page.goto(next);
  await expect(page).toHaveURL(/\/signin/);
  await page.getByRole('button', { name: /continue with/i }).click();
  await page.getByLabel(/email/i).fill(email);
  await page.getByLabel(/password/i).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /sign in/i }).click();
  await expect(page.getByTestId('user-menu')).toContainText(email);
}

export const test = base;
export { expect };

/**
 * A maker of unique org names for one spec file. Every org given one of its names is deleted from the emulator
 * after the file's tests, even when a test failed half-way, so later specs keep seeing the seeded enterprise.
 */
export function orgNamesRemovedAfterAll(): (base: string) => string {
  const made = new Set<string>();
  test.afterAll(async () => {
    const devin = (path: string, method = 'GET') =>
      fetch(`${process.env.E2E_EMULATOR_URL}${path}`, { method, headers: { Authorization: `Bearer ${process.env.DEVIN_SERVICE_USER_TOKEN}` } });
    const { items } = (await (await devin('/v3/enterprise/organizations?first=200')).json()) as { items: { org_id: string; name: string }[] };
    for (const org of items.filter((o) => made.has(o.name))) await devin(`/v3/enterprise/organizations/${org.org_id}`, 'DELETE');
  });
  return (base) => {
    const name = `${base} ${randomBytes(3).toString('hex')}`;
    made.add(name);
    return name;
  };
}
