import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import { env } from '@/lib/env';
import { derivePortalRole } from '@/lib/policy/roles';
import { SSO_PROVIDER_ID } from './provider-id';

interface OidcProfile {
  sub: string;
  email?: string;
  name?: string;
  groups?: unknown;
}

let options: NextAuthOptions | undefined;

/** next-auth options, built on first use so `next build` needs no configuration. */
export function getAuthOptions(): NextAuthOptions {
  if (options) return options;
  const config = env();
  options = {
    secret: config.NEXTAUTH_SECRET,
    session: { strategy: 'jwt', maxAge: 8 * 60 * 60 },
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
      // Refuse identities without an email: org visibility is looked up by it.
      signIn: ({ profile }) => Boolean((profile as OidcProfile | undefined)?.email),
      // Runs at sign-in with the IdP profile: the raw group list is reduced to
      // a portal role here and never stored in the cookie.
      jwt: ({ token, profile }) => {
        if (profile) {
          const p = profile as OidcProfile;
          const groups = Array.isArray(p.groups) ? p.groups.filter((g): g is string => typeof g === 'string') : [];
          token.sub = p.sub;
          token.email = p.email?.toLowerCase() ?? null;
          token.name = p.name ?? p.email ?? p.sub;
          token.role = derivePortalRole({
            email: p.email,
            groups,
            adminGroups: config.PORTAL_ADMIN_GROUPS,
            breakGlassAdmins: config.PORTAL_BREAK_GLASS_ADMINS,
          });
          delete token.picture;
        }
        return token;
      },
      session: ({ session, token }) => ({
        expires: session.expires,
        user: {
          id: token.sub ?? '',
          email: token.email ?? '',
          name: token.name ?? '',
          role: token.role ?? 'member',
        },
      }),
    },
  };
  return options;
}
