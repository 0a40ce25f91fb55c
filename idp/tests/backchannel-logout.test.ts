import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../demo/directory';
import { Browser, CLIENT, decodeJwtPayload, exchangeCode, isRedirect, POST_LOGOUT_URI, signIn, startTestIdp, type TestIdp } from './harness';

/** A client's back-channel endpoint: collects the logout tokens the IdP POSTs. */
const received: string[] = [];
const receiver = createServer((req: IncomingMessage, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString('utf8')));
  req.on('end', () => {
    received.push(new URLSearchParams(body).get('logout_token') ?? '');
    res.writeHead(200).end();
  });
});

let idp: TestIdp;
beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  idp = await startTestIdp({ backchannelLogoutUri: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/auth/backchannel-logout` });
});
afterAll(async () => {
  await idp.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

function logoutForm(html: string) {
  const form = /<form id="op\.logoutForm" method="post" action="([^"]+)"><input type="hidden" name="xsrf" value="([^"]+)"\/><\/form>/.exec(html);
  if (!form) throw new Error(`no logout form in:\n${html}`);
  return { action: form[1]!, xsrf: form[2]! };
}

describe('OIDC back-channel logout', () => {
  it('announces itself in discovery, puts the IdP session id in the ID token, and POSTs a signed logout token naming it when the session ends', async () => {
    const discovery = (await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({ backchannel_logout_supported: true, backchannel_logout_session_supported: true });

    const browser = new Browser();
    const { callback, verifier } = await signIn(browser, idp.issuer, 'carol@acme.test', DEMO_PASSWORD);
    const { json } = await exchangeCode(idp.issuer, { code: callback.searchParams.get('code')!, verifier });
    const idToken = decodeJwtPayload(String(json.id_token));
    expect(idToken.sid).toEqual(expect.any(String));

    received.length = 0;
    const query = new URLSearchParams({ id_token_hint: String(json.id_token), post_logout_redirect_uri: POST_LOGOUT_URI });
    const { res } = await browser.get(`${idp.issuer}/session/end?${query}`);
    const { action, xsrf } = logoutForm(await res.text());
    const confirmed = await browser.postForm(action, { xsrf, logout: 'yes' });
    expect(isRedirect(confirmed.res)).toBe(true);

    expect(idp.logs.filter((l) => l.includes('back-channel'))).toEqual([]);
    expect(received).toHaveLength(1);
    const jwks = createRemoteJWKSet(new URL(String(discovery.jwks_uri)));
    const { payload } = await jwtVerify(received[0]!, jwks, { issuer: idp.issuer, audience: CLIENT.clientId });
    expect(payload).toMatchObject({ sub: 'carol', sid: idToken.sid, events: { 'http://schemas.openid.net/event/backchannel-logout': {} } });
    expect(payload.nonce).toBeUndefined();
    expect(payload.jti).toEqual(expect.any(String));
  });
});
