import 'server-only';
import { getPortalSelf, getPortalServiceUser } from '@/lib/access/portal-identity';
import { isOrgRole, mayGrant, orgRoleTier, tierRank, type OrgRoleTier } from '@/lib/access/org-roles';
import type { OrgStanding } from '@/lib/access/resolve';
import { getDevinClient } from '@/lib/upstream';
import { UpstreamError } from '@/lib/upstream/errors';
import { collectAll } from '@/lib/upstream/pagination';
import type { Role, RoleAssignment } from '@/lib/upstream/types';
import type { GrantableRoleDto } from './schemas';

/*
 * Which org roles a person may give a new service user. Roles are ranked by what their id is configured to
 * allow (lib/access/org-roles.ts: viewer < sessions < admin), never by name. A role is offered when it is an
 * org role (role_type "org") ranked no higher than both
 *  - the caller's own standing in the org (portal admins stand as org admins), and
 *  - the portal token's: the roles its service user holds in this org (an enterprise-level role counts as admin;
 *    Devin enforces the real rule, a role's permissions must be a subset of the caller's, and its 403 is
 *    turned into a clear message at provisioning time).
 */

/** The org roles the person may grant in the org, lowest first. Call with the standing resolved for 'org-admin'. */
export async function listGrantableRoles(org: OrgStanding): Promise<GrantableRoleDto[]> {
  const devin = getDevinClient();
  const [roles, tokenTier] = await Promise.all([collectAll((after) => devin.roles.list({ first: 200, after })), portalTokenTier(org.orgId)]);
  const ceiling: OrgRoleTier = tierRank(tokenTier) < tierRank(org.tier) ? tokenTier : org.tier;
  return roles
    .filter((r) => isOrgRole(r) && mayGrant(ceiling, r))
    .sort((a, b) => tierRank(orgRoleTier(a.roleId)) - tierRank(orgRoleTier(b.roleId)) || a.roleName.localeCompare(b.roleName))
    .map(({ roleId, roleName }: Role) => ({ roleId, roleName }));
}

/** The highest standing the portal's own service user has in `orgId`; admin when Devin will not say (it then decides itself). */
async function portalTokenTier(orgId: string): Promise<OrgRoleTier> {
  try {
    const self = await getPortalSelf();
    if (self.principalType !== 'service_user') return 'admin';
    if (self.orgId !== null && self.orgId !== orgId) return 'viewer';
    const serviceUser = (await getPortalServiceUser())!;
    const tiers = serviceUser.roleAssignments
      .filter((a: RoleAssignment) => a.orgId === null || a.orgId === orgId)
      .map((a): OrgRoleTier => (a.orgId === null ? 'admin' : orgRoleTier(a.role.roleId)));
    return tiers.sort((a, b) => tierRank(b) - tierRank(a))[0] ?? 'viewer';
  } catch (err) {
    if (err instanceof UpstreamError && (err.status === 403 || err.status === 404)) return 'admin';
    throw err;
  }
}
