import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../demo/directory';
import { Browser, POST_LOGOUT_URI, exchangeCode, isRedirect, openLoginPage, signIn, startTestIdp, type TestIdp } from './harness';

let idp: TestIdp;
beforeAll(async () => {
  idp = await startTestIdp();
});
afterAll(() => idp.close());

async function signedInBrowser() {
  const browser = new Browser();
  const { callback, verifier } = await signIn(browser, idp.issuer, 'alice@acme.test', DEMO_PASSWORD);
  const { json } = await exchangeCode(idp.issuer, { code: callback.searchParams.get('code')!, verifier });
  return { browser, idToken: String(json.id_token) };
}

function logoutForm(html: string) {
  const form = /<form id="op\.logoutForm" method="post" action="([^"]+)"><input type="hidden" name="xsrf" value="([^"]+)"\/><\/form>/.exec(html);
  if (!form) throw new Error(`no logout form in:\n${html}`);
  return { action: form[1]!, xsrf: form[2]! };
}

describe('RP-initiated logout', () => {
  it('asks to confirm, ends the IdP session and returns to the registered post_logout_redirect_uri with the state', async () => {
    const { browser, idToken } = await signedInBrowser();
    const query = new URLSearchParams({ id_token_hint: idToken, post_logout_redirect_uri: POST_LOGOUT_URI, state: 'bye-123' });
    const { res } = await browser.get(`${idp.issuer}/session/end?${query}`);
    const html = await res.text();

    expect(res.status).toBe(200);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain(`form-action 'self' ${new URL(POST_LOGOUT_URI).origin}`);
    expect(html).toContain('<h1>Sign out of Acme SSO?</h1>');
    expect(html).toContain('You are signed in as Alice Martin (alice@acme.test).');
    expect(html).not.toMatch(/<script/i);

    const { action, xsrf } = logoutForm(html);
    const confirmed = await browser.postForm(action, { xsrf, logout: 'yes' });
    expect(isRedirect(confirmed.res)).toBe(true);
    expect(confirmed.res.headers.get('location')).toBe(`${POST_LOGOUT_URI}?state=bye-123`);

    // The session is gone: the next authorization request shows the login form again.
    const next = await openLoginPage(browser, idp.issuer);
    expect(next.res.status).toBe(200);
    expect(next.html).toContain('<h1>Sign in to Acme SSO</h1>');
  });

  it('refuses an unregistered post_logout_redirect_uri', async () => {
    const { browser, idToken } = await signedInBrowser();
    const query = new URLSearchParams({ id_token_hint: idToken, post_logout_redirect_uri: 'https://evil.example/' });
    const res = await browser.fetch(`${idp.issuer}/session/end?${query}`);

    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('post_logout_redirect_uri not registered');
  });

  it('without a redirect target, ends on a "signed out" page', async () => {
    const { browser } = await signedInBrowser();
    const { res } = await browser.get(`${idp.issuer}/session/end`);
    const { action, xsrf } = logoutForm(await res.text());
    const done = await browser.postForm(action, { xsrf, logout: 'yes' });

    expect(done.res.status).toBe(200);
    expect(await done.res.text()).toContain('<h1>You are signed out</h1>');
  });
});
