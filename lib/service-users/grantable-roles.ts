import 'server-only';
import type { OrgAccess } from '@/lib/access/org-access';
import type { PortalUser } from '@/lib/auth/types';
import { getDevinClient } from '@/lib/upstream';
import { UpstreamError } from '@/lib/upstream/errors';
import { collectAll } from '@/lib/upstream/pagination';
import type { Role, RoleAssignment } from '@/lib/upstream/types';
import type { GrantableRoleDto } from './schemas';

/*
 * Which org roles a person may give a new service user. Devin does not publish a role's permissions, only its
 * name, so the portal ranks roles by name: viewer/reader/billing (1) < member/user/developer (2) < admin/owner/
 * manager (3); a name matching none ranks 3, so only the most senior callers can hand out a role nobody
 * classified. A role is offered when its rank is no higher than both
 *  - the caller's own: their role in the org (portal admins rank as admins), and
 *  - the portal token's: the roles its service user holds at enterprise level or in this org.
 * Devin enforces the real rule (a role's permissions must be a subset of the caller's); its 403 is turned into a
 * clear message at provisioning time.
 */

const UNCLASSIFIED_RANK = 3;

export function roleRank(roleName: string): number {
  if (/admin|owner|manag/i.test(roleName)) return 3;
  if (/member|user|develop|contribut|editor/i.test(roleName)) return 2;
  if (/view|read|billing|audit/i.test(roleName)) return 1;
  return UNCLASSIFIED_RANK;
}

/** The org roles the person may grant in `orgId`, lowest first. Call after `assertOrgAccess(user, orgId, 'manage')`. */
export async function listGrantableRoles(user: PortalUser, orgId: string, access: OrgAccess): Promise<GrantableRoleDto[]> {
  const devin = getDevinClient();
  const [roles, tokenRank] = await Promise.all([collectAll((after) => devin.roles.list({ first: 200, after })), portalTokenRank(orgId)]);
  const membership = access.memberships.get(orgId);
  const callerRank = user.role === 'admin' ? 3 : membership ? roleRank(membership.roleName) : 0;
  const ceiling = Math.min(callerRank, tokenRank);
  return roles
    .filter((r) => r.roleType !== 'enterprise' && roleRank(r.roleName) <= ceiling)
    .sort((a, b) => roleRank(a.roleName) - roleRank(b.roleName) || a.roleName.localeCompare(b.roleName))
    .map(({ roleId, roleName }: Role) => ({ roleId, roleName }));
}

/** The highest rank the portal's own service user holds in `orgId`; 3 when Devin will not say (it then decides itself). */
async function portalTokenRank(orgId: string): Promise<number> {
  const devin = getDevinClient();
  try {
    const self = await devin.self.get();
    if (self.principalType !== 'service_user') return UNCLASSIFIED_RANK;
    if (self.orgId !== null && self.orgId !== orgId) return 0;
    const serviceUser = await devin.serviceUsers.get(self.serviceUserId);
    return Math.max(0, ...serviceUser.roleAssignments.filter((a: RoleAssignment) => a.orgId === null || a.orgId === orgId).map((a) => roleRank(a.role.roleName)));
  } catch (err) {
    if (err instanceof UpstreamError && (err.status === 403 || err.status === 404)) return UNCLASSIFIED_RANK;
    throw err;
  }
}
