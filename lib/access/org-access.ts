import 'server-only';
import { countCacheLookup } from '@/lib/observability/metrics';
import type { PortalUser } from '@/lib/auth/types';
import { ApiError } from '@/lib/api/errors';
import { getDevinClient } from '@/lib/upstream';
import { collectAll } from '@/lib/upstream/pagination';

export interface OrgMembership {
  orgId: string;
  roleName: string;
  /** Devin org roles named "…Admin…" let the person manage the org (service users, keys). */
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

const TTL_MS = 60_000;
const MAX_ENTRIES = 5_000;
// On globalThis: route handlers and pages can be bundled separately, each with
// its own copy of this module, and a forget() must reach all of them.
const globalForAccess = globalThis as typeof globalThis & { __portalOrgAccess?: Map<string, { at: number; value: Promise<OrgAccess> }> };
const cache = (globalForAccess.__portalOrgAccess ??= new Map());

/**
 * Which Devin orgs a person may see and act in: the orgs Devin lists them in,
 * directly or through an IdP group, looked up by SSO email and cached briefly.
 */
export function getOrgAccess(user: PortalUser): Promise<OrgAccess> {
  const key = `${user.role}:${user.email}`;
  const hit = cache.get(key);
  const fresh = Boolean(hit && Date.now() - hit.at < TTL_MS);
  countCacheLookup('org-access', fresh);
  if (fresh) return hit!.value;
  const value = lookUp(user).catch((err: unknown) => {
    cache.delete(key);
    throw err;
  });
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, { at: Date.now(), value });
  return value;
}

async function lookUp(user: PortalUser): Promise<OrgAccess> {
  const devin = getDevinClient();
  const [direct, viaIdp] = await Promise.all([
    collectAll((after) => devin.members.listEnterpriseUsers({ email: user.email, after })),
    collectAll((after) => devin.members.listIdpUsers({ email: user.email, after })),
  ]);
  const memberships = new Map<string, OrgMembership>();
  for (const u of viaIdp) {
    for (const a of u.idpRoleAssignments) {
      if (a.orgId) memberships.set(a.orgId, toMembership(a.orgId, a.role.roleName, 'idp-group'));
    }
  }
  // Direct assignments win over group-derived ones for the same org.
  for (const u of direct) {
    for (const a of u.roleAssignments) {
      if (a.orgId) memberships.set(a.orgId, toMembership(a.orgId, a.role.roleName, 'direct'));
    }
  }
  const devinUserId = direct[0]?.userId ?? viaIdp[0]?.userId ?? null;
  return { devinUserId, allOrgs: user.role === 'admin', memberships };
}

function toMembership(orgId: string, roleName: string, via: OrgMembership['via']): OrgMembership {
  return { orgId, roleName, isOrgAdmin: /admin/i.test(roleName), via };
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

/** For tests and after the portal changes memberships itself. */
export function forgetOrgAccess(email?: string) {
  if (!email) return cache.clear();
  for (const key of cache.keys()) if (key.endsWith(`:${email}`)) cache.delete(key);
}
