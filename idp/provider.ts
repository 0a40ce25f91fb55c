import Provider, { type AdapterFactory, type Configuration, type ErrorOut, type JWK, type KoaContextWithOIDC } from 'oidc-provider';
import { accountClaims, findAccount } from './accounts';
import { trusted } from './html';
import type { IdpClient } from './types';
import { errorPage, IDP_NAME, logoutPage, signedOutPage, type ErrorView } from './views';

export interface ProviderSettings {
  issuer: string;
  clients: IdpClient[];
  signingKey: JWK;
  cookieKeys: string[];
  adapter: AdapterFactory;
  log: (line: string) => void;
}

export const SCOPES = ['openid', 'profile', 'email', 'groups'] as const;

/** Seconds. A portal session lasts 8 hours; the IdP session as long. */
const TTL = {
  AuthorizationCode: 60,
  IdToken: 60 * 60,
  AccessToken: 60 * 60,
  Interaction: 15 * 60,
  Session: 8 * 60 * 60,
  Grant: 8 * 60 * 60,
} as const;

export function createProvider({ issuer, clients, signingKey, cookieKeys, adapter, log }: ProviderSettings): Provider {
  const configuration: Configuration = {
    adapter,
    clients: clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      post_logout_redirect_uris: c.postLogoutRedirectUris ?? [],
      ...(c.backchannelLogoutUri && { backchannel_logout_uri: c.backchannelLogoutUri, backchannel_logout_session_required: true }),
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    // A client registered for client_secret_basic may also send client_secret_post.
    clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
    responseTypes: ['code'],
    pkce: { required: () => true },
    allowOmittingSingleRegisteredRedirectUri: false,
    scopes: [...SCOPES],
    claims: { openid: ['sub'], profile: ['name'], email: ['email', 'email_verified'], groups: ['groups'] },
    // next-auth v4 reads the profile from the ID token, so the scoped claims go in it too.
    conformIdTokenClaims: false,
    findAccount: (_ctx, sub) => {
      const account = findAccount(sub);
      return account && { accountId: account.sub, claims: () => accountClaims(account) };
    },
    jwks: { keys: [signingKey] },
    cookies: { keys: cookieKeys },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      // The portal redirects with plain authorization requests; nothing else needs pushing.
      pushedAuthorizationRequests: { enabled: false },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      // Ending an IdP session tells every client signed in through it (logout token to backchannel_logout_uri).
      backchannelLogout: { enabled: true },
    },
    // oidc-provider refuses to call loopback and private addresses (SSRF protection for dynamically registered
    // clients). This IdP's only outgoing calls are back-channel logouts to its own configured clients, which
    // live on localhost in the demo, so its guard (the dispatcher it adds) is dropped.
    fetch: (url, options) => {
      const { dispatcher: _guard, ...rest } = options as RequestInit & { dispatcher?: unknown };
      return globalThis.fetch(url, rest);
    },
    // Confidential server-side clients only: no browser calls the endpoints cross-origin.
    clientBasedCORS: () => false,
    ttl: { ...TTL },
    renderError: (ctx, out, error) => renderError(ctx, out, error, log),
  };

  const provider = new Provider(issuer, configuration);
  // Only plain HTTP is served; an https issuer means a TLS-terminating proxy in front.
  provider.proxy = new URL(issuer).protocol === 'https:';
  provider.on('server_error', (_ctx, error) => log(`[idp] server error: ${error.stack ?? error.message}`));
  provider.on('backchannel.error', (_ctx, error, client) => log(`[idp] back-channel logout to ${client.clientId} failed: ${error.message}`));
  return provider;
}

function logoutSource(ctx: KoaContextWithOIDC, form: string) {
  const account = ctx.oidc.session?.accountId ? findAccount(ctx.oidc.session.accountId) : undefined;
  ctx.type = 'html';
  ctx.body = logoutPage({ form: trusted(form), account });
}

function postLogoutSuccessSource(ctx: KoaContextWithOIDC) {
  ctx.type = 'html';
  ctx.body = signedOutPage();
}

function renderError(ctx: KoaContextWithOIDC, out: ErrorOut, error: Error, log: (line: string) => void) {
  ctx.type = 'html';
  ctx.body = errorPage(errorView(ctx.status, out));
  if (ctx.status >= 500) log(`[idp] ${ctx.method} ${ctx.path} failed: ${error.stack ?? error.message}`);
}

function errorView(status: number, { error, error_description: description }: ErrorOut): ErrorView {
  const detail = description ? `${error}: ${description}` : error;
  if (status >= 500) {
    return { title: 'Something went wrong', message: `${IDP_NAME} could not complete the request. Try again in a moment.` };
  }
  if (error === 'invalid_redirect_uri' || error === 'invalid_client') {
    return {
      title: 'Sign-in request refused',
      message: `The application that sent you here is not registered with ${IDP_NAME} for this address, so the sign-in cannot continue. Tell its administrators.`,
      detail,
    };
  }
  return {
    title: 'Sign-in could not continue',
    message: `${IDP_NAME} did not accept the request. Go back to the application and sign in again.`,
    detail,
  };
}
