import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { securityHeaders } from './headers';
import { sendHtml } from './http';
import { INTERACTION_PREFIX, interactionHandler } from './interactions';
import { generateCookieKeys, generateSigningKey } from './keys';
import { createProvider } from './provider';
import { createMemoryStore } from './store';
import type { IdpClient, IdpOptions, RunningIdp } from './types';
import { errorPage, homePage } from './views';

/*
 * The local IdP: the portal's embedded default SSO. A real OpenID Provider
 * (panva's oidc-provider) on plain node:http, with the demo directory's people
 * as accounts, its own login page, and consent granted to its first-party
 * clients. Authorization code flow with PKCE (S256) only.
 */

export type { IdpClient, IdpOptions, RunningIdp } from './types';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** Starts the IdP on `host` (default 127.0.0.1) and `port` (default 4000; 0 picks a free one). */
export async function startIdp(options: IdpOptions): Promise<RunningIdp> {
  const { port = 4000, host = '127.0.0.1', clients, log = console.log } = options;
  validateOptions(options);
  const headers = securityHeaders(clients.flatMap((c) => [...c.redirectUris, ...(c.postLogoutRedirectUris ?? [])]).map((uri) => new URL(uri).origin));
  const signingKey = await generateSigningKey();

  let handle: Handler = (_req, res) => sendHtml(res, 503, errorPage({ title: 'Starting', message: 'The sign-in service is starting. Try again in a moment.' }));
  const server = createServer((req, res) => {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    handle(req, res);
  });
  await listen(server, port, host);

  const store = createMemoryStore();
  try {
    // The issuer names the bound port, so the provider is built once listening.
    const issuer = resolveIssuer(options.issuer, host, (server.address() as AddressInfo).port);
    const provider = createProvider({ issuer, clients, signingKey, cookieKeys: generateCookieKeys(), adapter: store.adapter, log });
    const oidc = provider.callback();
    const interaction = interactionHandler(provider, log);
    handle = (req, res) => {
      const pathname = (req.url ?? '/').split('?', 1)[0]!;
      if (pathname.startsWith(INTERACTION_PREFIX)) void interaction(req, res, pathname);
      else if (pathname === '/' && (req.method === 'GET' || req.method === 'HEAD')) sendHtml(res, 200, homePage());
      else void oidc(req, res);
    };

    let closing: Promise<void> | undefined;
    return {
      issuer,
      close: () => (closing ??= stop(server).finally(() => store.clear())),
    };
  } catch (error) {
    await stop(server);
    throw error;
  }
}

function validateOptions({ port, clients, issuer }: IdpOptions) {
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65_536)) {
    throw new TypeError(`startIdp: port must be an integer from 0 to 65535, got ${String(port)}`);
  }
  if (!Array.isArray(clients) || clients.length === 0) throw new TypeError('startIdp: at least one client is required');
  const ids = new Set<string>();
  for (const client of clients) validateClient(client, ids);
  if (issuer !== undefined) parseIssuer(issuer);
}

function validateClient({ clientId, clientSecret, redirectUris, postLogoutRedirectUris = [], backchannelLogoutUri }: IdpClient, seen: Set<string>) {
  if (!clientId) throw new TypeError('startIdp: a client has an empty clientId');
  if (seen.has(clientId)) throw new TypeError(`startIdp: client ${clientId} is configured twice`);
  seen.add(clientId);
  if (!clientSecret) throw new TypeError(`startIdp: client ${clientId} has no clientSecret`);
  if (!redirectUris?.length) throw new TypeError(`startIdp: client ${clientId} has no redirectUris`);
  for (const uri of [...redirectUris, ...postLogoutRedirectUris, ...(backchannelLogoutUri ? [backchannelLogoutUri] : [])]) {
    if (!URL.canParse(uri) || !/^https?:$/.test(new URL(uri).protocol)) {
      throw new TypeError(`startIdp: client ${clientId}: ${uri} is not an absolute http(s) URL`);
    }
  }
}

function resolveIssuer(issuer: string | undefined, host: string, port: number): string {
  return issuer === undefined ? `http://${urlHost(host)}:${port}` : parseIssuer(issuer);
}

/** An issuer is an http(s) origin; returned without a trailing slash. */
function parseIssuer(issuer: string): string {
  const url = URL.canParse(issuer) ? new URL(issuer) : undefined;
  if (!url || !/^https?:$/.test(url.protocol) || url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    throw new TypeError(`startIdp: issuer must be an http(s) origin such as https://sso.example.com, got ${issuer}`);
  }
  return url.origin;
}

/** A URL host for the bound address: wildcard binds are reached through loopback. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive sockets (browsers, fetch) would otherwise hold close() open.
    server.closeAllConnections();
  });
}
