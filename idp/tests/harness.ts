import { createHash, randomBytes } from 'node:crypto';
import { startIdp, type IdpClient, type RunningIdp } from '../index';

/**
 * Test helpers: an IdP on a free port with one test client, and a tiny
 * "browser" (fetch with redirect: 'manual' and a path-aware cookie jar).
 */

export const CLIENT: Required<Omit<IdpClient, 'backchannelLogoutUri'>> = {
  clientId: 'test-portal',
  clientSecret: 'test-portal-secret',
  redirectUris: ['http://localhost:3999/api/auth/callback/sso'],
  postLogoutRedirectUris: ['http://localhost:3999/signin'],
};
export const REDIRECT_URI = CLIENT.redirectUris[0]!;
export const POST_LOGOUT_URI = CLIENT.postLogoutRedirectUris[0]!;

export interface TestIdp extends RunningIdp {
  /** Lines the IdP logged. */
  logs: string[];
}

export async function startTestIdp(client: Pick<IdpClient, 'backchannelLogoutUri'> = {}): Promise<TestIdp> {
  const logs: string[] = [];
  const idp = await startIdp({ port: 0, clients: [{ ...CLIENT, ...client }], log: (line) => logs.push(line) });
  return { issuer: idp.issuer, close: () => idp.close(), logs };
}

export function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** An authorization request URL for the test client; `params` override or (with undefined) remove defaults. */
export function authorizeUrl(issuer: string, params: Record<string, string | undefined> = {}) {
  const pkce = pkcePair();
  const state = randomBytes(12).toString('base64url');
  const query: Record<string, string | undefined> = {
    client_id: CLIENT.clientId,
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    scope: 'openid profile email groups',
    state,
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
    ...params,
  };
  const url = new URL('/auth', issuer);
  for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, value);
  return { url: url.href, state, verifier: pkce.verifier };
}

interface Cookie {
  name: string;
  value: string;
  path: string;
}

export class Browser {
  private readonly jar = new Map<string, Cookie>();

  /** One request, no redirects followed; cookies sent and stored. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const { pathname } = new URL(url);
    const cookie = [...this.jar.values()]
      .filter((c) => pathMatches(pathname, c.path))
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
    const headers = new Headers(init.headers);
    if (cookie) headers.set('cookie', cookie);
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const header of res.headers.getSetCookie()) this.store(header, pathname);
    return res;
  }

  /** Follows redirects while they stay on `origin`; returns the first response that leaves it or is not a redirect. */
  async follow(res: Response, from: string): Promise<{ res: Response; url: string }> {
    let url = from;
    for (let hops = 0; isRedirect(res); hops++) {
      if (hops > 10) throw new Error('too many redirects');
      const next = new URL(res.headers.get('location')!, url);
      if (next.origin !== new URL(from).origin) return { res, url };
      await res.body?.cancel();
      url = next.href;
      res = await this.fetch(url);
    }
    return { res, url };
  }

  async get(url: string) {
    return this.follow(await this.fetch(url), url);
  }

  async postForm(url: string, fields: Record<string, string>) {
    const res = await this.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    return this.follow(res, url);
  }

  cookieNames(): string[] {
    return [...this.jar.values()].map((c) => c.name);
  }

  private store(header: string, requestPath: string) {
    const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    let path = requestPath.slice(0, requestPath.lastIndexOf('/')) || '/';
    let expired = false;
    for (const attribute of attributes) {
      const [key = '', val = ''] = attribute.split('=');
      if (key.toLowerCase() === 'path') path = val;
      if (key.toLowerCase() === 'max-age' && Number(val) <= 0) expired = true;
      if (key.toLowerCase() === 'expires' && Date.parse(val) <= Date.now()) expired = true;
    }
    const id = `${name};${path}`;
    if (expired) this.jar.delete(id);
    else this.jar.set(id, { name, value, path });
  }
}

function pathMatches(requestPath: string, cookiePath: string) {
  if (requestPath === cookiePath) return true;
  return requestPath.startsWith(cookiePath) && (cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/');
}

export function isRedirect(res: Response) {
  return res.status >= 300 && res.status < 400 && res.headers.has('location');
}

/** The login form's action, absolute. */
export function loginAction(html: string, issuer: string): string {
  const action = /<form method="post" action="([^"]+\/login)"/.exec(html)?.[1];
  if (!action) throw new Error(`no login form in:\n${html}`);
  return new URL(action, issuer).href;
}

/** Starts an authorization request and returns the login page it lands on. */
export async function openLoginPage(browser: Browser, issuer: string, params: Record<string, string | undefined> = {}) {
  const request = authorizeUrl(issuer, params);
  const { res, url } = await browser.get(request.url);
  const html = await res.text();
  return { ...request, res, html, pageUrl: url };
}

/** A complete sign-in: returns the URL the IdP finally redirects to (the client's callback). */
export async function signIn(browser: Browser, issuer: string, email: string, password: string, params: Record<string, string | undefined> = {}) {
  const page = await openLoginPage(browser, issuer, params);
  const { res } = await browser.postForm(loginAction(page.html, issuer), { email, password });
  if (!isRedirect(res)) throw new Error(`sign-in did not redirect: ${res.status}\n${await res.text()}`);
  return { ...page, callback: new URL(res.headers.get('location')!) };
}

export async function exchangeCode(
  issuer: string,
  { code, verifier, auth = 'basic', secret = CLIENT.clientSecret }: { code: string; verifier?: string; auth?: 'basic' | 'post'; secret?: string },
) {
  const body = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI });
  if (verifier !== undefined) body.set('code_verifier', verifier);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (auth === 'basic') {
    headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(CLIENT.clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;
  } else {
    body.set('client_id', CLIENT.clientId);
    body.set('client_secret', secret);
  }
  const res = await fetch(new URL('/token', issuer), { method: 'POST', headers, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

export function decodeJwtPayload(jwt: string): Record<string, unknown> {
  const payload = jwt.split('.')[1];
  if (!payload) throw new Error('not a JWT');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}
