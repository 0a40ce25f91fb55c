import 'server-only';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { env } from '@/lib/env';
import { revokeSignIns } from './sign-in-sessions';

/*
 * OIDC Back-Channel Logout 1.0: the IdP POSTs a logout token (a JWT it signs) when a person's IdP session
 * ends; the portal ends the sign-ins made through that IdP session (by `sid`), or all of the person's (by
 * `sub`) when the token names no session.
 */

const EVENT = 'http://schemas.openid.net/event/backchannel-logout';

let jwks: { issuer: string; keys: Promise<ReturnType<typeof createRemoteJWKSet>> } | undefined;

function issuerKeys(issuer: string) {
  if (jwks?.issuer === issuer) return jwks.keys;
  const keys = fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(3000) })
    .then(async (res) => {
      const { jwks_uri: uri } = (await res.json()) as { jwks_uri?: string };
      if (!uri) throw new Error('the IdP publishes no jwks_uri');
      return createRemoteJWKSet(new URL(uri));
    })
    .catch((err: unknown) => {
      jwks = undefined;
      throw err;
    });
  jwks = { issuer, keys };
  return keys;
}

export class InvalidLogoutToken extends Error {
  constructor(why: string) {
    super(`invalid logout token: ${why}`);
    this.name = 'InvalidLogoutToken';
  }
}

/** Verifies a logout token and revokes the sign-ins it names; returns how many were revoked. */
export async function handleLogoutToken(token: string): Promise<number> {
  const config = env();
  const issuer = config.OIDC_ISSUER.replace(/\/+$/, '');
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, await issuerKeys(issuer), { issuer, audience: config.OIDC_CLIENT_ID, maxTokenAge: '10 minutes' }));
  } catch (err) {
    throw new InvalidLogoutToken(err instanceof Error ? err.message : 'unverifiable');
  }
  const events = payload.events as Record<string, unknown> | undefined;
  if (!events || typeof events !== 'object' || !(EVENT in events)) throw new InvalidLogoutToken('no back-channel logout event');
  if ('nonce' in payload) throw new InvalidLogoutToken('a logout token must not carry a nonce');
  const sid = typeof payload.sid === 'string' && payload.sid ? payload.sid : null;
  const sub = typeof payload.sub === 'string' && payload.sub ? payload.sub : null;
  if (sid) return revokeSignIns({ idpSid: sid }, 'idp-logout');
  if (sub) return revokeSignIns({ sub }, 'idp-logout');
  throw new InvalidLogoutToken('names neither sid nor sub');
}
