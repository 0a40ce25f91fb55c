import { randomBytes } from 'node:crypto';
import { DEMO, expect, signInAs, test } from './fixtures';

/* An org admin changes a CI service user's role in the org, then removes it from the org, through the page. */

const EMULATOR = process.env.E2E_EMULATOR_URL!;

async function devinRolesOf(serviceUserId: string): Promise<{ org_id: string | null; role: { role_name: string } }[]> {
  const res = await fetch(`${EMULATOR}/v3/enterprise/members/service-users/${serviceUserId}`, {
    headers: { Authorization: `Bearer ${process.env.DEVIN_SERVICE_USER_TOKEN}` },
  });
  return ((await res.json()) as { role_assignments: { org_id: string | null; role: { role_name: string } }[] }).role_assignments;
}

test('an org admin changes a service user’s role, then removes it from the org', async ({ page }) => {
  await signInAs(page, DEMO.lead, '/service-users');
  const name = `ci-${randomBytes(3).toString('hex')}`;
  const form = page.getByRole('form', { name: 'New service user' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Role').selectOption({ label: 'Org Member' });
  const created = page.waitForResponse((r) => r.url().endsWith('/service-users') && r.request().method() === 'POST');
  await form.getByRole('button', { name: 'Create service user' }).click();
  const { serviceUser } = (await (await created).json()) as { serviceUser: { serviceUserId: string } };
  await page.getByTestId('token-reveal').getByRole('button', { name: 'I have stored it' }).click();

  const card = page.getByRole('article', { name: `Service user ${name}` });
  await card.getByRole('button', { name: `Change the role of ${name}` }).click();
  const dialog = page.getByRole('dialog', { name: `Change the role of ${name}` });
  await dialog.getByLabel('New role').selectOption({ label: 'Org Viewer' });
  await dialog.getByRole('button', { name: 'Change role' }).click();
  await expect(dialog).toBeHidden();
  await expect(card).toContainText('Org Viewer');
  expect((await devinRolesOf(serviceUser.serviceUserId)).map((a) => a.role.role_name)).toEqual(['Org Viewer']);

  await card.getByRole('button', { name: `Remove ${name} from Payments` }).click();
  const confirm = page.getByRole('dialog', { name: `Remove ${name} from Payments?` });
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await confirm.getByRole('button', { name: 'Remove from organization' }).click();
  await expect(card).toHaveCount(0);
  expect(await devinRolesOf(serviceUser.serviceUserId)).toEqual([]);
});
