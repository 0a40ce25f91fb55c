import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import { env } from '@/lib/env';
import { checkIdentity, derivePortalRole, type PortalRole } from '@/lib/policy/roles';
import { safeCallbackPath } from './callback-url';
import { SSO_PROVIDER_ID } from './provider-id';
import type { PortalUser } from './types';
import { createSignIn, findActiveSignIn, revokeSignIns, type SignInRecord } from './sign-in-sessions';

interface OidcProfile {
  sub: string;
  email?: string;
  email_verified?: unknown;
  name?: string;
  groups?: unknown;
  /** The IdP session id, when the IdP supports back-channel logout. */
  sid?: unknown;
}

/** Thrown from the jwt callback when the cookie's sign-in is over: next-auth then clears the cookie and answers "no session". */
class SignInEnded extends Error {
  constructor(why: string) {
    super(`sign-in ended: ${why}`);
    this.name = 'SignInEnded';
  }
}

let options: NextAuthOptions | undefined;

/** The role, re-derived on every request from the sign-in's groups and the current break-glass list and admin groups. */
export function roleOf(record: Pick<SignInRecord, 'sub' | 'email' | 'emailVerified' | 'groups'>): PortalRole {
  const config = env();
  return derivePortalRole({
    sub: record.sub,
    email: record.email,
    emailVerified: record.emailVerified,
    groups: record.groups,
    adminGroups: config.PORTAL_ADMIN_GROUPS,
    breakGlassAdmins: config.PORTAL_BREAK_GLASS_ADMINS,
  });
}

/** The person a still-active sign-in stands for, as every page and route handler sees them. */
export function userOfSignIn(record: SignInRecord): PortalUser {
  return { id: record.sub, email: record.email, name: record.name || record.email, role: roleOf(record) };
}

/** next-auth options, built on first use so `next build` needs no configuration. */
export function getAuthOptions(): NextAuthOptions {
  if (options) return options;
  const config = env();
  const lifetimeSeconds = config.SESSION_MAX_AGE_HOURS * 3600;
  const identityOptions = { allowUnverified: config.OIDC_ALLOW_UNVERIFIED_EMAIL, allowedDomains: config.OIDC_ALLOWED_EMAIL_DOMAINS };
  options = {
    secret: config.NEXTAUTH_SECRET,
    // The cookie's own expiry; the binding limit is the sign-in record's absolute expires_at.
    session: { strategy: 'jwt', maxAge: lifetimeSeconds },
    pages: { signIn: '/signin', error: '/signin' },
    providers: [
      {
        id: SSO_PROVIDER_ID,
        name: config.OIDC_DISPLAY_NAME,
        type: 'oauth',
        wellKnown: `${config.OIDC_ISSUER.replace(/\/+$/, '')}/.well-known/openid-configuration`,
        clientId: config.OIDC_CLIENT_ID,
        clientSecret: config.OIDC_CLIENT_SECRET,
        authorization: { params: { scope: 'openid profile email groups' } },
        idToken: true,
        checks: ['pkce', 'state'],
        profile: (profile: OidcProfile) => ({
          id: profile.sub,
          email: profile.email ?? null,
          name: profile.name ?? profile.email ?? profile.sub,
        }),
      },
    ],
    callbacks: {
      // Refuse identities without a verified email in an allowed domain: org visibility, attribution and
      // break-glass are keyed by it. The reason reaches the sign-in page as ?error=.
      signIn: ({ profile }) => {
        const verdict = checkIdentity((profile ?? {}) as OidcProfile, identityOptions);
        if (verdict.ok) return true;
        return `/signin?error=${verdict.reason === 'no-email' ? 'AccessDenied' : verdict.reason === 'unverified-email' ? 'EmailUnverified' : 'DomainNotAllowed'}`;
      },
      // At sign-in: records the sign-in server-side; the cookie carries its id, never the raw groups.
      // On every later read: the record must still be active, and the role is derived again from it.
      jwt: async ({ token, profile }) => {
        if (profile) {
          const p = profile as OidcProfile;
          const verdict = checkIdentity(p, identityOptions);
          if (!verdict.ok) throw new SignInEnded(verdict.reason);
          const groups = Array.isArray(p.groups) ? p.groups.filter((g): g is string => typeof g === 'string') : [];
          const record = await createSignIn(
            {
              sub: p.sub,
              email: verdict.email,
              emailVerified: p.email_verified === true || p.email_verified === 'true',
              name: p.name ?? verdict.email,
              groups,
              idpSid: typeof p.sid === 'string' && p.sid ? p.sid : null,
            },
            lifetimeSeconds,
          );
          return { sub: record.sub, sid: record.sid, email: record.email, name: record.name, role: roleOf(record), signInExpiresAt: record.expiresAt };
        }
        if (typeof token.sid !== 'string') throw new SignInEnded('the cookie predates server-side sign-ins');
        const record = await findActiveSignIn(token.sid);
        if (!record || record.sub !== token.sub) throw new SignInEnded('revoked or expired');
        return { sub: record.sub, sid: record.sid, email: record.email, name: record.name, role: roleOf(record), signInExpiresAt: record.expiresAt };
      },
      session: ({ session, token }) => ({
        expires: typeof token.signInExpiresAt === 'number' ? new Date(token.signInExpiresAt * 1000).toISOString() : session.expires,
        user: {
          id: token.sub ?? '',
          email: token.email ?? '',
          name: token.name ?? '',
          role: token.role ?? 'member',
        },
      }),
      // Same-origin paths only, and never a throw: a junk callbackUrl (query or cookie) falls back to the home page.
      redirect: ({ url, baseUrl }) => `${baseUrl.replace(/\/+$/, '')}${safeCallbackPath(url, baseUrl)}`,
    },
    events: {
      // Sign-out revokes the sign-in itself, so a copy of the cookie stops working too.
      signOut: async ({ token }) => {
        if (typeof token?.sid === 'string') await revokeSignIns({ sid: token.sid }, 'sign-out');
      },
    },
    logger: {
      error(code, metadata) {
        const err = metadata instanceof Error ? metadata : (metadata as { error?: unknown } | undefined)?.error;
        if (err instanceof Error && err.name === 'SignInEnded') return;
        console.error(`[next-auth][error][${code}]`, err instanceof Error ? err.message : metadata);
      },
      warn(code) {
        console.warn(`[next-auth][warn][${code}]`);
      },
      debug() {},
    },
  };
  return options;
}
