import { test as base, expect, type Page } from '@playwright/test';
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
