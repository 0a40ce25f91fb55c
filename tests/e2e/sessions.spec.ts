import type { APIRequestContext, Page } from '@playwright/test';
import { demoOrgId } from '../../emulator/ids';
import { DEMO, expect, signInAs, test } from './fixtures';

const EMULATOR = process.env.E2E_EMULATOR_URL!;
const ORIGIN = process.env.E2E_ORIGIN!;

const unique = (text: string) => `${text} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** Starts a session through the portal's own API with the signed-in person's cookies, as the start form does. */
async function startViaApi(page: Page, orgKey: string, body: Record<string, unknown>) {
  const res = await page.request.post(`/api/orgs/${demoOrgId(orgKey)}/sessions`, { data: { tags: [], ...body }, headers: { Origin: ORIGIN } });
  expect(res.status()).toBe(201);
  return (await res.json()) as { session: { orgId: string; sessionId: string } };
}

async function emulator(request: APIRequestContext, path: string, data: unknown, method: 'POST' | 'PUT' | 'DELETE' = 'POST') {
  const res = await request.fetch(`${EMULATOR}/_emulator/${path}`, { method, data });
  expect(res.ok()).toBe(true);
}

test.afterEach(async ({ request }) => {
  await emulator(request, 'faults', undefined, 'DELETE');
});

test('a member starts a session as themselves, wakes it with a message and watches it finish', async ({ page }) => {
  test.slow(); // Devin's whole life cycle plays out, twice: about 30 s on the e2e timeline.
  await signInAs(page, DEMO.member, '/sessions/new');
  // #suspend: the emulator's Devin goes idle instead of finishing, so the message has something to wake.
  const prompt = unique('Tidy up the notebook helpers #suspend');
  await page.getByLabel('Prompt', { exact: true }).fill(prompt);
  const title = unique('Tidy the helpers');
  await page.getByLabel(/^Title/).fill(title);
  await page.getByLabel(/^Tags/).fill('e2e, cleanup');
  await page.getByRole('button', { name: 'Start session' }).click();

  await expect(page).toHaveURL(/\/sessions\/org-[\w-]+\/devin-[\w-]+\?started=you$/);
  await expect(page.getByTestId('started-notice')).toContainText('started as you');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.getByTestId('session-tags')).toContainText('team:equipe-de-science-des-donnees');
  const log = page.getByRole('log', { name: 'Messages' });
  await expect(log).toContainText(prompt);

  const status = page.getByTestId('session-status');
  await expect(status).toContainText('Running', { timeout: 30_000 });
  await expect(log).toContainText(`On it: ${title}.`);
  await expect(status).toContainText('Suspended', { timeout: 45_000 });
  await expect(page.getByText('Devin is asleep; your message wakes it up.')).toBeVisible();

  await page.getByLabel('Message Devin').fill('Please keep the public API unchanged.');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(log).toContainText('Please keep the public API unchanged.');
  await expect(status).toContainText(/Resuming|Running/);
  await expect(log).toContainText('Picking this back up with your message in mind.', { timeout: 30_000 });

  await expect(status).toContainText('Finished', { timeout: 45_000 });
  await expect(page.getByTestId('live-indicator')).toHaveText('Ended · no longer checking');
  await expect(log).toContainText("Done. I've finished this task");
  await expect(page.getByTestId('composer-unavailable')).toHaveText(/has ended/);

  await page.goto('/sessions?mine=1');
  const row = page.getByTestId('sessions-table').getByRole('row', { name: title });
  await expect(row).toContainText('Finished');
  await expect(row).toContainText('You');
});

test('the same prompt sent twice gives back the first session, unless the person confirms', async ({ page }) => {
  await signInAs(page, DEMO.lead, '/sessions/new');
  const prompt = unique('Upgrade the payment SDK');
  await page.getByLabel('Organization').selectOption({ label: 'Payments' });
  await page.getByLabel('Prompt', { exact: true }).fill(prompt);
  await page.getByRole('button', { name: 'Start session' }).click();
  await expect(page).toHaveURL(/started=you/);
  const firstUrl = new URL(page.url()).pathname;

  await page.goto(`/sessions/new?org=${demoOrgId('payments')}`);
  await page.getByLabel('Prompt', { exact: true }).fill(prompt);
  await page.getByRole('button', { name: 'Start session' }).click();
  const notice = page.getByTestId('duplicate-notice');
  await expect(notice).toContainText('You already started this prompt here');
  await expect(notice.getByRole('link', { name: 'Open that session' })).toHaveAttribute('href', firstUrl);

  await notice.getByRole('button', { name: 'Start another anyway' }).click();
  await expect(page).toHaveURL(/started=you/);
  expect(new URL(page.url()).pathname).not.toBe(firstUrl);
});

test('terminating asks first, and Escape backs out', async ({ page }) => {
  await signInAs(page, DEMO.lead, '/sessions');
  // #suspend: the emulator lets this one go idle instead of finishing, so it is still there to terminate however slow the page is.
  const { session } = await startViaApi(page, 'payments', { prompt: unique('Clean up feature flags #suspend'), title: 'Flag clean-up' });
  await page.goto(`/sessions/${session.orgId}/${session.sessionId}`);

  await page.getByRole('button', { name: 'Terminate…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Terminate this session?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('session-status')).not.toContainText('Terminated');

  await page.getByRole('button', { name: 'Terminate…' }).click();
  await dialog.getByLabel('Also archive it').check();
  await dialog.getByRole('button', { name: 'Terminate', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('session-status')).toContainText('Terminated');
  await expect(page.getByTestId('live-indicator')).toHaveText('Archived · no longer checking');
  await expect(page.getByRole('button', { name: 'Terminate…' })).toHaveCount(0);
});

test('one prompt runs in three orgs, shows each result as it lands, and one failing org does not stop the others', async ({ page, request }) => {
  await signInAs(page, DEMO.admin, '/sessions/batch');
  // Platform Engineering answers slowly, so the other two results must arrive (streamed) while it is still pending.
  await emulator(request, 'faults', { rules: [{ match: `POST /v3/organizations/${demoOrgId('platform')}/sessions`, latencyMs: 12_000 }] }, 'PUT');
  await emulator(request, 'fail-next', { match: `POST /v3/organizations/${demoOrgId('payments')}/sessions`, status: 503 });

  for (const name of [/^Platform Engineering/, /^Payments/, /^Mobile Apps/]) await page.getByRole('checkbox', { name }).check();
  await page.getByLabel('Prompt', { exact: true }).fill(unique('Add a CODEOWNERS file'));
  await page.getByRole('button', { name: 'Start in 3 organizations' }).click();

  const progress = page.getByTestId('batch-progress');
  const results = page.getByTestId('batch-results');
  const platform = results.getByTestId(`batch-row-${demoOrgId('platform')}`);
  await expect(progress).toHaveText('Starting… 2 of 3 done.');
  await expect(platform).toContainText('Waiting…');
  await expect(page.getByRole('progressbar', { name: 'Organizations done' })).toHaveAttribute('aria-valuenow', '2');

  await expect(progress).toHaveText('Done: 2 started, 1 failed.', { timeout: 30_000 });
  await expect(results.getByTestId(`batch-row-${demoOrgId('payments')}`)).toContainText('Failed');
  await expect(results.getByTestId(`batch-row-${demoOrgId('payments')}`)).toContainText('Devin is not reachable right now');
  await expect(platform).toContainText('Started as you');
  const mobile = results.getByTestId(`batch-row-${demoOrgId('mobile')}`);
  await expect(mobile).toContainText('Started as the service user');
  await expect(results.getByRole('button', { name: 'Try the failed ones again' })).toBeVisible();

  await mobile.getByRole('link', { name: 'Open session' }).click();
  await expect(page.getByTestId('started-notice')).toContainText("Started as the portal's service user, not as you");
  await expect(page.getByTestId('started-notice')).toContainText('not list you as a member');
});

test('a rate-limited start says how long to wait', async ({ page, request }) => {
  await signInAs(page, DEMO.member, '/sessions/new');
  await emulator(request, 'fail-next', { match: `POST /v3/organizations/${demoOrgId('data')}/sessions`, status: 429, retryAfterSeconds: 30 });
  await page.getByLabel('Prompt', { exact: true }).fill(unique('Refresh the forecast model'));
  await page.getByRole('button', { name: 'Start session' }).click();
  await expect(page.getByTestId('start-session-form').getByRole('alert')).toContainText(/Devin is rate limiting; try again in (30|2\d) s\./);
  await expect(page.getByRole('button', { name: 'Start session' })).toBeDisabled();
});

test('filters find a session by tag, and the API refuses bad input and other people’s orgs', async ({ page }) => {
  await signInAs(page, DEMO.member, '/sessions');
  const tag = unique('release').replace(' ', '-');
  const { session } = await startViaApi(page, 'data', { prompt: unique('Document the ETL'), title: 'ETL docs', tags: [tag] });

  await page.getByLabel('Tag').fill(tag);
  await page.getByLabel('Only mine').check();
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(new RegExp(`tag=${tag}`));
  const rows = page.getByTestId('sessions-table').locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await rows.getByRole('link', { name: 'ETL docs' }).click();
  await expect(page).toHaveURL(`/sessions/${session.orgId}/${session.sessionId}`);

  const bad = await page.request.post(`/api/orgs/${demoOrgId('data')}/sessions`, { data: { prompt: '  ' }, headers: { Origin: ORIGIN } });
  expect(bad.status()).toBe(422);
  expect((await bad.json()).error).toMatchObject({ code: 'unprocessable_entity', field: 'prompt' });
  const elsewhere = await page.request.post(`/api/orgs/${demoOrgId('payments')}/sessions`, { data: { prompt: 'hi' }, headers: { Origin: ORIGIN } });
  expect(elsewhere.status()).toBe(404);
});
