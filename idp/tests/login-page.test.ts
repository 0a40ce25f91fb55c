import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_PEOPLE } from '../../demo/directory';
import { Browser, REDIRECT_URI, authorizeUrl, isRedirect, loginAction, openLoginPage, startTestIdp, type TestIdp } from './harness';

let idp: TestIdp;
beforeAll(async () => {
  idp = await startTestIdp();
});
afterAll(() => idp.close());
beforeEach(() => {
  idp.logs.length = 0;
});

const ALERT = '<p class="alert" role="alert" id="login-error">Wrong email or password</p>';

async function submit(email: string, password: string) {
  const browser = new Browser();
  const page = await openLoginPage(browser, idp.issuer);
  const { res } = await browser.postForm(loginAction(page.html, idp.issuer), { email, password });
  return { res, html: await res.text() };
}

describe('the login page', () => {
  it('is where /auth sends a browser without a session', async () => {
    const browser = new Browser();
    const first = await browser.fetch(authorizeUrl(idp.issuer).url);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toMatch(/^\/interaction\/[\w-]+$/);
    expect(browser.cookieNames()).toContain('_interaction');
  });

  it('is an accessible, script-free form', async () => {
    const { res, html, pageUrl } = await openLoginPage(new Browser(), idp.issuer);

    expect(res.status).toBe(200);
    expect(new URL(pageUrl).pathname).toMatch(/^\/interaction\/[\w-]+$/);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<h1>Sign in to Acme SSO</h1>');
    expect(html).toContain('<label for="email">Email</label>');
    expect(html).toMatch(/<input id="email" name="email" type="email" value="" autocomplete="username"[^>]* required autofocus>/);
    expect(html).toContain('<label for="password">Password</label>');
    expect(html).toMatch(/<input id="password" name="password" type="password" autocomplete="current-password" required>/);
    expect(html).toContain('<button type="submit">Sign in</button>');
    expect(html).not.toContain('role="alert"');
    expect(html).not.toMatch(/<script/i);
  });

  it('names the demo accounts and their password', async () => {
    const { html } = await openLoginPage(new Browser(), idp.issuer);
    expect(html).toContain('Demo identity provider');
    expect(html).toContain(`<code>${DEMO_PASSWORD}</code>`);
    for (const person of DEMO_PEOPLE.filter((p) => p.featured)) expect(html).toContain(`<code>${person.email}</code>`);
  });

  it('is sent with a Content-Security-Policy, X-Frame-Options: DENY and no caching', async () => {
    const { res } = await openLoginPage(new Browser(), idp.issuer);
    const csp = res.headers.get('content-security-policy') ?? '';

    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/style-src 'sha256-[\w+/=]+'/);
    // The form's redirects end at the client's callback, so its origin is allowed as a form target.
    expect(csp).toContain(`form-action 'self' ${new URL(REDIRECT_URI).origin}`);
    expect(csp).not.toContain('unsafe-inline');
  });

  it('allows exactly its inline stylesheet by hash', async () => {
    const { res, html } = await openLoginPage(new Browser(), idp.issuer);
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(style).digest('base64');
    expect(res.headers.get('content-security-policy')).toContain(`style-src 'sha256-${hash}'`);
  });

  it('pre-fills the email from login_hint, escaped', async () => {
    const { html } = await openLoginPage(new Browser(), idp.issuer, { login_hint: 'bob@acme.test"><b>' });
    expect(html).toContain('value="bob@acme.test&quot;&gt;&lt;b&gt;"');
    expect(html).not.toContain('<b>');
  });
});

describe('signing in', () => {
  it('with a wrong password: 200, the error as an alert, the email kept, no redirect', async () => {
    const { res, html } = await submit('alice@acme.test', 'not-the-password');

    expect(res.status).toBe(200);
    expect(res.headers.get('location')).toBeNull();
    expect(html).toContain(ALERT);
    expect(html).toMatch(/<input id="email" name="email" type="email" value="alice@acme.test"[^>]* aria-invalid="true" aria-describedby="login-error">/);
    expect(html).toMatch(/<input id="password"[^>]*type="password"[^>]*>/);
    expect(html).not.toContain('not-the-password');
  });

  it('with an unknown email: the same message', async () => {
    const { res, html } = await submit('mallory@acme.test', DEMO_PASSWORD);
    expect(res.status).toBe(200);
    expect(res.headers.get('location')).toBeNull();
    expect(html).toContain(ALERT);
    expect(html).toContain('value="mallory@acme.test"');
  });

  it('with an empty form: the same message', async () => {
    const { res, html } = await submit('', '');
    expect(res.status).toBe(200);
    expect(html).toContain(ALERT);
  });

  it('escapes the echoed email', async () => {
    const hostile = `"><script>alert(1)</script><img src=x onerror='x'>`;
    const { html } = await submit(hostile, 'wrong');

    expect(html).toContain(ALERT);
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&#39;x&#39;&gt;"');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
  });

  it('can be retried on the same page after a failure', async () => {
    const browser = new Browser();
    const page = await openLoginPage(browser, idp.issuer);
    const action = loginAction(page.html, idp.issuer);
    const failed = await browser.postForm(action, { email: 'alice@acme.test', password: 'nope' });
    expect(failed.res.status).toBe(200);

    const { res } = await browser.postForm(loginAction(await failed.res.text(), idp.issuer), { email: 'alice@acme.test', password: DEMO_PASSWORD });
    expect(isRedirect(res)).toBe(true);
    const callback = new URL(res.headers.get('location')!);
    expect(callback.searchParams.get('state')).toBe(page.state);
    expect(callback.searchParams.has('code')).toBe(true);
  });

  it('logs one line per attempt, never the password', async () => {
    await submit('alice@acme.test', 'wrong-secret-123');
    await submit('nobody@acme.test', 'wrong-secret-456');
    const browser = new Browser();
    const page = await openLoginPage(browser, idp.issuer);
    await browser.postForm(loginAction(page.html, idp.issuer), { email: 'alice@acme.test', password: DEMO_PASSWORD });

    expect(idp.logs).toEqual([
      '[idp] sign-in failed for "alice@acme.test": wrong password (client test-portal)',
      '[idp] sign-in failed for "nobody@acme.test": unknown email (client test-portal)',
      '[idp] sign-in succeeded for alice@acme.test (sub alice, client test-portal)',
    ]);
    const all = idp.logs.join('\n');
    for (const secret of ['wrong-secret-123', 'wrong-secret-456', DEMO_PASSWORD]) expect(all).not.toContain(secret);
  });

  it('keeps a hostile email on one log line', async () => {
    await submit('evil@acme.test\n[idp] sign-in succeeded for alice', 'x');
    expect(idp.logs).toHaveLength(1);
    expect(idp.logs[0]).not.toContain('\n');
  });

  it('Cancel returns to the client with access_denied', async () => {
    const browser = new Browser();
    const page = await openLoginPage(browser, idp.issuer);
    const abort = loginAction(page.html, idp.issuer).replace(/\/login$/, '/abort');
    const { res } = await browser.postForm(abort, {});

    expect(isRedirect(res)).toBe(true);
    const back = new URL(res.headers.get('location')!);
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT_URI);
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe(page.state);
    expect(back.searchParams.has('code')).toBe(false);
  });
});

describe('stale or forged interaction requests', () => {
  it('an interaction without its cookie gets a clear "expired" page', async () => {
    const { pageUrl } = await openLoginPage(new Browser(), idp.issuer);
    const res = await new Browser().fetch(pageUrl);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('This sign-in has expired');
  });

  it('a login posted without the interaction cookie is refused', async () => {
    const { html } = await openLoginPage(new Browser(), idp.issuer);
    const res = await new Browser().fetch(loginAction(html, idp.issuer), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'alice@acme.test', password: DEMO_PASSWORD }).toString(),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });

  it('a login that is not a form post is refused', async () => {
    const browser = new Browser();
    const { html } = await openLoginPage(browser, idp.issuer);
    const res = await browser.fetch(loginAction(html, idp.issuer), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'alice@acme.test', password: DEMO_PASSWORD }),
    });
    expect(res.status).toBe(415);
  });

  it('GET on the login endpoint is 405', async () => {
    const browser = new Browser();
    const { html } = await openLoginPage(browser, idp.issuer);
    const res = await browser.fetch(loginAction(html, idp.issuer));
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });
});
