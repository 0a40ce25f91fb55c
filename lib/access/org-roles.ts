import 'server-only';
import { env } from '@/lib/env';
import type { Role } from '@/lib/upstream/types';

/*
 * What a Devin org role lets a person do in the portal, decided by the role's id (configured:
 * DEVIN_ORG_ADMIN_ROLE_IDS, DEVIN_SESSION_ROLE_IDS), never by its name: a role renamed "Admin viewers"
 * gains nothing. Devin's roles API lists ids and names, not permissions, so the ids are configuration.
 *
 *   admin    – manage the org's members and service users, steer anyone's session; implies sessions
 *   sessions – start sessions and steer one's own (the role holds ManageOrgSessions)
 *   viewer   – read the org and its sessions; any other org role
 */
export type OrgRoleTier = 'viewer' | 'sessions' | 'admin';

const RANK: Record<OrgRoleTier, number> = { viewer: 1, sessions: 2, admin: 3 };

export function orgRoleTier(roleId: string): OrgRoleTier {
  const config = env();
  if (config.DEVIN_ORG_ADMIN_ROLE_IDS.includes(roleId)) return 'admin';
  if (config.DEVIN_SESSION_ROLE_IDS.includes(roleId)) return 'sessions';
  return 'viewer';
}

export function tierRank(tier: OrgRoleTier): number {
  return RANK[tier];
}

/** Only roles Devin marks as org roles; an unknown or missing role_type is not taken for one. */
export function isOrgRole(role: Pick<Role, 'roleType'>): boolean {
  return role.roleType === 'org';
}

/**
 * Whether someone whose own standing is `granter` may hand out `role`: never an enterprise role, and never
 * one ranked above their own (portal admins rank as org admins everywhere).
 */
export function mayGrant(granter: OrgRoleTier, role: Role): boolean {
  return isOrgRole(role) && tierRank(orgRoleTier(role.roleId)) <= tierRank(granter);
}
