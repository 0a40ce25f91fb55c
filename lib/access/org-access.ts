import 'server-only';
import type { PortalUser } from '@/lib/auth/types';
import { ApiError } from '@/lib/api/errors';
import { sharedCache } from '@/lib/cache';
import { getDevinClient } from '@/lib/upstream';
import type { Role } from '@/lib/upstream/types';
import { findDevinUserByEmail } from './devin-identity';
import { orgRoleTier, type OrgRoleTier } from './org-roles';

export interface OrgMembership {
  orgId: string;
  roleId: string;
  roleName: string;
  /** What the role lets the person do, decided by its id (lib/access/org-roles.ts), never by its name. */
  tier: OrgRoleTier;
  /** The role's id is a configured org-admin role: the person manages the org (members, service users, keys). */
  isOrgAdmin: boolean;
  via: 'direct' | 'idp-group';
}

export interface OrgAccess {
  /** The person's Devin user id, found by SSO email; null when Devin does not know them. */
  devinUserId: string | null;
  /** Portal admins see every org. */
  allOrgs: boolean;
  memberships: Map<string, OrgMembership>;
}

/**
 * Which Devin orgs a person may see and act in, cached for a minute per person. A membership change the
 * portal makes itself clears the cache on every instance at once (a version in the store), not after the minute.
 */
const accessCache = sharedCache<OrgAccess>({
  scope: 'org-access',
  ttlMs: 60_000,
  max: 5_000,
  versioned: true,
  load: (key) => {
    const [role, email] = JSON.parse(key) as [PortalUser['role'], string];
    return lookUp({ role, email });
  },
});

/**
 * Which Devin orgs a person may see and act in: the orgs Devin lists them in,
 * directly or through an IdP group, looked up by SSO email and cached briefly.
 */
export function getOrgAccess(user: PortalUser): Promise<OrgAccess> {
  return accessCache.get(JSON.stringify([user.role, user.email]));
}

async function lookUp(user: Pick<PortalUser, 'role' | 'email'>): Promise<OrgAccess> {
  // Fresh reads: this answer is cached here (and dropped everywhere when the portal changes memberships), so an
  // answer shared from the last moment, perhaps from before another instance's change, must not stand in for it.
  const devinUser = await findDevinUserByEmail(getDevinClient().fresh(), user.email);
  const memberships = new Map<string, OrgMembership>();
  for (const a of devinUser?.idpRoleAssignments ?? []) {
    if (a.orgId) memberships.set(a.orgId, toMembership(a.orgId, a.role, 'idp-group'));
  }
  // Direct assignments win over group-derived ones for the same org.
  for (const a of devinUser?.roleAssignments ?? []) {
    if (a.orgId) memberships.set(a.orgId, toMembership(a.orgId, a.role, 'direct'));
  }
  return { devinUserId: devinUser?.userId ?? null, allOrgs: user.role === 'admin', memberships };
}

function toMembership(orgId: string, role: Role, via: OrgMembership['via']): OrgMembership {
  const tier = orgRoleTier(role.roleId);
  return { orgId, roleId: role.roleId, roleName: role.roleName, tier, isOrgAdmin: tier === 'admin', via };
}

/** Throws not_found (never forbidden, so org ids don't leak) unless the person may see the org. */
export async function assertOrgAccess(user: PortalUser, orgId: string, need: 'member' | 'manage' = 'member'): Promise<OrgAccess> {
  const access = await getOrgAccess(user);
  if (access.allOrgs) return access;
  const membership = access.memberships.get(orgId);
  if (!membership) throw new ApiError('not_found', 'No such organization.');
  if (need === 'manage' && !membership.isOrgAdmin) {
    throw new ApiError('forbidden', `You need an admin role in this organization (you are ${membership.roleName}).`);
  }
  return access;
}

/** After the portal changes memberships itself (and for tests): every instance looks people up afresh. */
export function forgetOrgAccess(): Promise<void> {
  return accessCache.invalidate();
}
