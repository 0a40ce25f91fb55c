export const PORTAL_ROLES = ['admin', 'member'] as const;
export type PortalRole = (typeof PORTAL_ROLES)[number];

/**
 * Derives the portal role from IdP groups and the break-glass list. Pure, so the sign-in callback, the
 * per-request re-check and the tests share it. A break-glass entry is `sub:<subject>` (the IdP's stable id)
 * or an email; an email entry counts only when the IdP vouched for the email (`emailVerified`).
 */
export function derivePortalRole(input: {
  sub?: string | null;
  email: string | null | undefined;
  emailVerified?: boolean;
  groups: readonly string[];
  adminGroups: readonly string[];
  breakGlassAdmins: readonly string[];
}): PortalRole {
  const email = input.email?.toLowerCase();
  const verified = input.emailVerified ?? true;
  for (const entry of input.breakGlassAdmins) {
    if (entry.startsWith('sub:')) {
      if (input.sub && entry.slice(4) === input.sub) return 'admin';
    } else if (email && verified && entry === email) {
      return 'admin';
    }
  }
  return input.groups.some((g) => input.adminGroups.includes(g)) ? 'admin' : 'member';
}

export type IdentityVerdict = { ok: true; email: string } | { ok: false; reason: 'no-email' | 'unverified-email' | 'domain-not-allowed' };

/**
 * Whether an IdP identity may sign in: it must carry an email (org membership is looked up by it), the IdP
 * must say the email is verified (unless `allowUnverified`, for IdPs that never send the claim), and the
 * email's domain must be allowed when a list is configured.
 */
export function checkIdentity(
  profile: { email?: unknown; email_verified?: unknown },
  options: { allowUnverified: boolean; allowedDomains: readonly string[] },
): IdentityVerdict {
  const email = typeof profile.email === 'string' ? profile.email.trim().toLowerCase() : '';
  if (!email || !email.includes('@')) return { ok: false, reason: 'no-email' };
  // Some IdPs send the claim as the string "true".
  const verified = profile.email_verified === true || profile.email_verified === 'true';
  if (!verified && !options.allowUnverified) return { ok: false, reason: 'unverified-email' };
  const domain = email.slice(email.lastIndexOf('@') + 1);
  if (options.allowedDomains.length > 0 && !options.allowedDomains.includes(domain)) return { ok: false, reason: 'domain-not-allowed' };
  return { ok: true, email };
}
