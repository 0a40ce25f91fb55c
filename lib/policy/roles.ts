export const PORTAL_ROLES = ['admin', 'member'] as const;
export type PortalRole = (typeof PORTAL_ROLES)[number];

/** Derives the portal role from IdP groups and the break-glass list. Pure, so the sign-in callback and tests share it. */
export function derivePortalRole(input: {
  email: string | null | undefined;
  groups: readonly string[];
  adminGroups: readonly string[];
  breakGlassAdmins: readonly string[];
}): PortalRole {
  const email = input.email?.toLowerCase();
  if (email && input.breakGlassAdmins.includes(email)) return 'admin';
  return input.groups.some((g) => input.adminGroups.includes(g)) ? 'admin' : 'member';
}
