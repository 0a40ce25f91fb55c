import { createHash } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, PORTAL_ADMIN_GROUP } from '../../demo/directory';
import {
  Browser,
  CLIENT,
  REDIRECT_URI,
  authorizeUrl,
  decodeJwtPayload,
  exchangeCode,
  isRedirect,
  loginAction,
  openLoginPage,
  signIn,
  startTestIdp,
  type TestIdp,
} from './harness';

let idp: TestIdp;
beforeAll(async () => {
  idp = await startTestIdp();
});
afterAll(() => idp.close());

const callbackBase = (url: URL) => `${url.origin}${url.pathname}`;

describe('authorization code flow with PKCE', () => {
  it('signs alice in and returns a code with the same state to the registered redirect_uri', async () => {
    const { callback, state } = await signIn(new Browser(), idp.issuer, 'alice@acme.test', DEMO_PASSWORD);

    expect(callbackBase(callback)).toBe(REDIRECT_URI);
    expect(callback.searchParams.get('state')).toBe(state);
    expect(callback.searchParams.get('code')).toMatch(/^[\w-]{20,}$/);
    expect(callback.searchParams.get('iss')).toBe(idp.issuer);
    expect(callback.searchParams.get('error')).toBeNull();
  });

  it('exchanges the code (client_secret_basic + code_verifier) for an ID token signed with the JWKS key, carrying the profile claims', async () => {
    const nonce = 'n-' + Date.now();
    const { callback, verifier } = await signIn(new Browser(), idp.issuer, 'alice@acme.test', DEMO_PASSWORD, { nonce });
    const { status, json } = await exchangeCode(idp.issuer, { code: callback.searchParams.get('code')!, verifier });

    expect(status).toBe(200);
    expect(json.token_type).toBe('Bearer');
    expect(typeof json.access_token).toBe('string');
    expect(json.scope).toBe('openid profile email groups');
    expect(json.refresh_token).toBeUndefined();

    const jwks = createRemoteJWKSet(new URL(`${idp.issuer}/jwks`));
    const { payload, protectedHeader } = await jwtVerify(String(json.id_token), jwks, { issuer: idp.issuer, audience: CLIENT.clientId });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({
      sub: 'alice',
      name: 'Alice Martin',
      email: 'alice@acme.test',
      email_verified: true,
      nonce,
    });
    expect(payload.groups).toEqual([PORTAL_ADMIN_GROUP, 'team-platform']);
  });

  it('accepts any case in the email and client_secret_post at the token endpoint', async () => {
    const { callback, verifier } = await signIn(new Browser(), idp.issuer, '  Bob@ACME.test ', DEMO_PASSWORD);
    const { status, json } = await exchangeCode(idp.issuer, { code: callback.searchParams.get('code')!, verifier, auth: 'post' });

    expect(status).toBe(200);
    const claims = decodeJwtPayload(String(json.id_token));
    expect(claims).toMatchObject({ sub: 'bob', email: 'bob@acme.test', name: 'Bob Okafor' });
    expect(claims.groups).toEqual(['team-payments', 'team-mobile']);
    expect(claims.groups).not.toContain(PORTAL_ADMIN_GROUP);
  });

  it('releases only the claims of the granted scopes', async () => {
    const { callback, verifier } = await signIn(new Browser(), idp.issuer, 'carol@acme.test', DEMO_PASSWORD, { scope: 'openid email' });
    const { json } = await exchangeCode(idp.issuer, { code: callback.searchParams.get('code')!, verifier });
    const claims = decodeJwtPayload(String(json.id_token));

    expect(claims).toMatchObject({ sub: 'carol', email: 'carol@acme.test', email_verified: true });
    expect(claims).not.toHaveProperty('name');
    expect(claims).not.toHaveProperty('groups');
  });

  it('serves the same claims at the userinfo endpoint', async () => {
    const { callback, verifier } = await signIn(new Browser(), idp.issuer, 'dave@acme.test', DEMO_PASSWORD);
    const { json } = await exchangeCode(idp.issuer, { code: callback.searchParams.get('code')!, verifier });
    const res = await fetch(`${idp.issuer}/me`, { headers: { authorization: `Bearer ${String(json.access_token)}` } });

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sub: 'dave', name: 'Dave Kowalski', email: 'dave@acme.test', email_verified: true, groups: [] });
  });

  it('signs a returning browser in without the form (single sign-on), as the same person', async () => {
    const browser = new Browser();
    await signIn(browser, idp.issuer, 'alice@acme.test', DEMO_PASSWORD);

    const again = authorizeUrl(idp.issuer);
    const { res } = await browser.get(again.url);
    expect(isRedirect(res)).toBe(true);
    const callback = new URL(res.headers.get('location')!);
    expect(callbackBase(callback)).toBe(REDIRECT_URI);
    expect(callback.searchParams.get('state')).toBe(again.state);

    const { json } = await exchangeCode(idp.issuer, { code: callback.searchParams.get('code')!, verifier: again.verifier });
    expect(decodeJwtPayload(String(json.id_token)).sub).toBe('alice');
  });

  it('shows the form despite a session when the client sends prompt=login, so another person can sign in', async () => {
    const browser = new Browser();
    await signIn(browser, idp.issuer, 'alice@acme.test', DEMO_PASSWORD);

    const page = await openLoginPage(browser, idp.issuer, { prompt: 'login' });
    expect(page.res.status).toBe(200);
    const { res } = await browser.postForm(loginAction(page.html, idp.issuer), { email: 'bob@acme.test', password: DEMO_PASSWORD });

    // A different person: oidc-provider first ends alice's session with a self-submitting form,
    // whose one inline script the CSP allows by hash (the form also works without JavaScript).
    expect(res.status).toBe(200);
    const html = await res.text();
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    expect(res.headers.get('content-security-policy')).toContain(`'sha256-${createHash('sha256').update(script).digest('base64')}'`);
    expect(html).toContain('<noscript>');
    const form = /<form method="post" action="([^"]+)">\s*<input type="hidden" name="xsrf" value="([^"]+)"\/>/.exec(html);
    expect(form).not.toBeNull();
    const { res: done } = await browser.postForm(form![1]!, { xsrf: form![2]!, logout: 'yes' });

    expect(isRedirect(done)).toBe(true);
    const callback = new URL(done.headers.get('location')!);
    expect(callback.searchParams.get('state')).toBe(page.state);
    const { json } = await exchangeCode(idp.issuer, { code: callback.searchParams.get('code')!, verifier: page.verifier });
    expect(decodeJwtPayload(String(json.id_token))).toMatchObject({ sub: 'bob', email: 'bob@acme.test' });
  });
});

describe('what the token endpoint refuses', () => {
  async function freshCode() {
    const { callback, verifier } = await signIn(new Browser(), idp.issuer, 'alice@acme.test', DEMO_PASSWORD);
    return { code: callback.searchParams.get('code')!, verifier };
  }

  it('a wrong code_verifier', async () => {
    const { code } = await freshCode();
    const { status, json } = await exchangeCode(idp.issuer, { code, verifier: 'x'.repeat(43) });
    expect(status).toBe(400);
    expect(json.error).toBe('invalid_grant');
  });

  it('a missing code_verifier', async () => {
    const { code } = await freshCode();
    const { status, json } = await exchangeCode(idp.issuer, { code });
    expect(status).toBe(400);
    expect(json.error).toBe('invalid_grant');
  });

  it('a code used twice', async () => {
    const { code, verifier } = await freshCode();
    expect((await exchangeCode(idp.issuer, { code, verifier })).status).toBe(200);
    const second = await exchangeCode(idp.issuer, { code, verifier });
    expect(second.status).toBe(400);
    expect(second.json.error).toBe('invalid_grant');
  });

  it('a wrong client secret', async () => {
    const { code, verifier } = await freshCode();
    const { status, json } = await exchangeCode(idp.issuer, { code, verifier, secret: 'not-the-secret' });
    expect(status).toBe(401);
    expect(json.error).toBe('invalid_client');
  });
});

describe('what the authorization endpoint refuses', () => {
  it('a request without PKCE: back to the client with invalid_request, no code', async () => {
    const request = authorizeUrl(idp.issuer, { code_challenge: undefined, code_challenge_method: undefined });
    const res = await new Browser().fetch(request.url);

    expect(isRedirect(res)).toBe(true);
    const back = new URL(res.headers.get('location')!);
    expect(callbackBase(back)).toBe(REDIRECT_URI);
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('error_description')).toMatch(/PKCE/);
    expect(back.searchParams.get('state')).toBe(request.state);
    expect(back.searchParams.has('code')).toBe(false);
  });

  it('the plain PKCE method', async () => {
    const request = authorizeUrl(idp.issuer, { code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' });
    const res = await new Browser().fetch(request.url);
    const back = new URL(res.headers.get('location')!);
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.has('code')).toBe(false);
  });

  it('an unregistered redirect_uri: an error page, never a redirect there', async () => {
    const request = authorizeUrl(idp.issuer, { redirect_uri: 'https://evil.example/callback' });
    const res = await new Browser().fetch(request.url);
    const body = await res.text();

    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(body).toContain('Sign-in request refused');
    expect(body).toContain('redirect_uri');
    expect(body).not.toContain('evil.example');
  });

  it('a missing redirect_uri (required even with one registered)', async () => {
    const res = await new Browser().fetch(authorizeUrl(idp.issuer, { redirect_uri: undefined }).url);
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });

  it('an unknown client', async () => {
    const res = await new Browser().fetch(authorizeUrl(idp.issuer, { client_id: 'nobody' }).url);
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('Sign-in request refused');
  });

  it('implicit and hybrid response types', async () => {
    for (const responseType of ['id_token', 'code id_token', 'token']) {
      const res = await new Browser().fetch(authorizeUrl(idp.issuer, { response_type: responseType, nonce: 'n' }).url);
      const location = res.headers.get('location');
      expect(location, responseType).not.toBeNull();
      const back = new URL(location!.replace('#', '?'));
      expect(back.searchParams.get('error'), responseType).toBe('unsupported_response_type');
      expect(back.searchParams.has('code')).toBe(false);
    }
  });
});
