import type { Browser, BrowserContext } from '@playwright/test';
import { DEMO, expect, signInAs, test } from './fixtures';

/*
 * Sign-in is bounded and revocable: the cookie carries only the id of a server-side sign-in record, so
 * sign-out, an admin, or the IdP (back-channel logout) end it everywhere, including for a copied cookie;
 * reading the session never extends it. And the trust holes around sign-in: open redirects, junk callback
 * URLs and cookies, CSP on every page.
 */

async function signedInContext(browser: Browser, email: string): Promise<BrowserContext> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAs(page, email);
  await page.close();
  return context;
}

/** A second, independent client holding a copy of the context's portal cookies (as a stolen cookie would be). */
async function copyOfCookies(browser: Browser, context: BrowserContext): Promise<BrowserContext> {
  const copy = await browser.newContext();
  await copy.addCookies((await context.cookies()).filter((c) => c.domain === 'localhost'));
  return copy;
}

test('sign-out revokes the sign-in itself: a cookie copied before still fails after', async ({ browser }) => {
  const context = await signedInContext(browser, 'grace.rossi@acme.test');
  const copy = await copyOfCookies(browser, context);
  expect((await copy.request.get('/api/me')).status()).toBe(200);

  const page = await context.newPage();
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign out' }).click();
  // The portal's sign-out is done; the IdP now asks whether to end its own session too.
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/Sign out of/);

  const after = await copy.request.get('/api/me');
  expect(after.status()).toBe(401);
  // next-auth sees no session for the copy either, and asks the browser to drop the cookie.
  expect(await (await copy.request.get('/api/auth/session')).json()).toEqual({});
  await context.close();
  await copy.close();
});

test('reading the session does not extend it: its end is fixed at sign-in', async ({ browser }) => {
  const context = await signedInContext(browser, 'hiro.ivanova@acme.test');
  const first = (await (await context.request.get('/api/auth/session')).json()) as { expires: string };
  const second = (await (await context.request.get('/api/auth/session')).json()) as { expires: string };
  expect(first.expires).toBe(second.expires);
  const hours = (Date.parse(first.expires) - Date.now()) / 3_600_000;
  expect(hours).toBeGreaterThan(7.9);
  expect(hours).toBeLessThanOrEqual(8);
  await context.close();
});

test("a portal admin revokes every sign-in of a person, and only theirs", async ({ browser, baseURL }) => {
  const [first, second, bystander, admin] = await Promise.all([
    signedInContext(browser, 'ines.yilmaz@acme.test'),
    signedInContext(browser, 'ines.yilmaz@acme.test'),
    signedInContext(browser, 'jonas.haddad@acme.test'),
    signedInContext(browser, DEMO.admin),
  ]);
  const refused = await bystander.request.post('/api/admin/sign-ins/revoke', { headers: { Origin: baseURL! }, data: { email: 'ines.yilmaz@acme.test' } });
  expect(refused.status()).toBe(403);

  const res = await admin.request.post('/api/admin/sign-ins/revoke', { headers: { Origin: baseURL! }, data: { email: 'Ines.Yilmaz@acme.test' } });
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ revoked: 2 });
  expect((await first.request.get('/api/me')).status()).toBe(401);
  expect((await second.request.get('/api/me')).status()).toBe(401);
  expect((await bystander.request.get('/api/me')).status()).toBe(200);

  const bad = await admin.request.post('/api/admin/sign-ins/revoke', { headers: { Origin: baseURL! }, data: { who: 'x' } });
  expect(bad.status()).toBe(422);
  for (const c of [first, second, bystander, admin]) await c.close();
});

test('ending the IdP session ends the portal sign-in made through it (OIDC back-channel logout)', async ({ browser }) => {
  const context = await signedInContext(browser, 'kavya.rossi@acme.test');
  const elsewhere = await signedInContext(browser, 'kavya.rossi@acme.test');
  expect((await context.request.get('/api/me')).status()).toBe(200);

  // Sign out at the IdP only, as if from another application: the portal's own sign-out never runs.
  const page = await context.newPage();
  await page.goto(`${process.env.E2E_IDP_URL}/session/end`);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/signed out/i);

  expect((await context.request.get('/api/me')).status()).toBe(401);
  // A sign-in through another IdP session (another browser) is untouched.
  expect((await elsewhere.request.get('/api/me')).status()).toBe(200);
  await context.close();
  await elsewhere.close();
});

test('the back-channel endpoint refuses tokens the IdP did not sign', async ({ request }) => {
  const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'logout+jwt' })).toString('base64url');
  const body = Buffer.from(JSON.stringify({ sub: 'carol', events: { 'http://schemas.openid.net/event/backchannel-logout': {} } })).toString('base64url');
  const forged = await request.post('/api/auth/backchannel-logout', { form: { logout_token: `${header}.${body}.` } });
  expect(forged.status()).toBe(400);
  expect((await forged.json()).error).toBe('invalid_request');
  const missing = await request.post('/api/auth/backchannel-logout', { form: {} });
  expect(missing.status()).toBe(400);
});

test('callback URLs stay on the portal: /\\evil, //evil and CR/LF go home, never off-site and never a 5xx', async ({ page, request }) => {
  for (const callbackUrl of ['/%5Cevil.example', '//evil.example', '/%0d%0aSet-Cookie:x=1', '%E0%A4%A', 'https://evil.example/']) {
    const res = await request.get(`/signin?callbackUrl=${callbackUrl}`, { maxRedirects: 0 });
    expect(res.status(), callbackUrl).toBeLessThan(500);
  }
  await signInAs(page, DEMO.member);
  for (const callbackUrl of ['/%5Cevil.example', '//evil.example', '/%0d%0aX:y']) {
    const res = await page.request.get(`/signin?callbackUrl=${callbackUrl}`, { maxRedirects: 0 });
    expect(res.status(), callbackUrl).toBeLessThan(500);
    const location = res.headers().location ?? '';
    expect(location === '/' || location === new URL('/', page.url()).href, `${callbackUrl} → ${location}`).toBe(true);
  }
  // A same-origin path is kept.
  const ok = await page.request.get('/signin?callbackUrl=/orgs', { maxRedirects: 0 });
  expect(new URL(ok.headers().location ?? '', page.url()).pathname).toBe('/orgs');
});

test('a junk next-auth callback cookie breaks nothing', async ({ page, context, baseURL }) => {
  await signInAs(page, DEMO.member);
  await context.addCookies([{ name: 'next-auth.callback-url', value: '%%%\\\\evil', url: baseURL! }]);
  expect((await page.request.get('/api/auth/session')).status()).toBe(200);
  expect((await page.request.get('/api/me')).status()).toBe(200);
  const home = await page.goto('/');
  expect(home?.status()).toBe(200);
  await expect(page.getByTestId('user-menu')).toContainText(DEMO.member);
});

test('every page gets the gate and a CSP, whatever its path ends in', async ({ page, request }) => {
  for (const path of ['/orgs/report.json', '/notes.txt', '/sessions/x.csv']) {
    // Anonymous: the gate runs (it did not for paths with an extension) and sends the visitor to sign in.
    const anonymous = await request.get(path, { maxRedirects: 0 });
    expect(anonymous.status(), path).toBe(307);
    expect(anonymous.headers().location ?? '', path).toContain('/signin');
  }
  await signInAs(page, DEMO.member);
  for (const path of ['/signin', '/orgs/report.json', '/notes.txt', '/sessions/x.csv']) {
    const res = await page.request.get(path, { maxRedirects: 0 });
    expect(res.headers()['content-security-policy'] ?? '', path).toContain("frame-ancestors 'none'");
  }
});

test('one person gets a 429 naming the per-person limit, with Retry-After, once their bucket is empty', async ({ browser }) => {
  const context = await signedInContext(browser, 'olga.sato@acme.test');
  let limited: Awaited<ReturnType<typeof context.request.get>> | undefined;
  let allowed = 0;
  for (let i = 0; i < 200 && !limited; i++) {
    const res = await context.request.get('/api/orgs?first=1');
    if (res.status() === 429) limited = res;
    else {
      expect(res.status()).toBe(200);
      allowed++;
    }
  }
  expect(limited, 'no 429 within 200 requests').toBeDefined();
  expect(allowed).toBeGreaterThanOrEqual(120);
  expect(Number(limited!.headers()['retry-after'])).toBeGreaterThanOrEqual(1);
  expect(limited!.headers()['x-ratelimit-scope']).toBe('requests per person');
  const body = (await limited!.json()) as { error: unknown };
  expect(body.error).toMatchObject({ code: 'rate_limited', limit: 'requests per person', message: expect.stringMatching(/requests per person/) });
  // Someone else, from the same address, is not held back.
  const other = await signedInContext(browser, 'chloe.yilmaz@acme.test');
  expect((await other.request.get('/api/orgs?first=1')).status()).toBe(200);
  await context.close();
  await other.close();
});
