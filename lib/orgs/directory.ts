import 'server-only';
import { findDevinUserIdByEmail } from '@/lib/access/devin-identity';
import { isOrgRole } from '@/lib/access/org-roles';
import { ApiError } from '@/lib/api/errors';
import { env } from '@/lib/env';
import { orgNameKey } from '@/lib/policy/org-policy';
import { getDevinClient } from '@/lib/upstream';
import { collectAll } from '@/lib/upstream/pagination';
import type { Organization, Role } from '@/lib/upstream/types';

/** The org with this name (case- and accent-insensitive), or null. Pages through every org: Devin has no name filter. */
export async function findOrgByName(name: string): Promise<Organization | null> {
  const key = orgNameKey(name);
  const devin = getDevinClient();
  const orgs = await collectAll((after) => devin.organizations.list({ first: 200, after }));
  return orgs.find((o) => orgNameKey(o.name) === key) ?? null;
}

/** A person's Devin user id by SSO email, whether they hold roles directly or through an IdP group (fails closed on duplicates). */
export function findDevinUserId(email: string): Promise<string | null> {
  return findDevinUserIdByEmail(getDevinClient(), email);
}

const ROLE_TTL_MS = 10 * 60_000;
let adminRole: { at: number; value: Promise<Role> } | undefined;

/** The org-level role that makes someone an org admin (the first of DEVIN_ORG_ADMIN_ROLE_IDS Devin lists), looked up once and kept briefly. */
export function getOrgAdminRole(): Promise<Role> {
  if (adminRole && Date.now() - adminRole.at < ROLE_TTL_MS) return adminRole.value;
  const value = lookUpOrgAdminRole();
  value.catch(() => (adminRole = undefined));
  adminRole = { at: Date.now(), value };
  return value;
}

async function lookUpOrgAdminRole(): Promise<Role> {
  const devin = getDevinClient();
  const roles = await collectAll((after) => devin.roles.list({ first: 200, after }));
  // The configured admin role ids, in the order given; never a role picked by its name.
  const adminIds = env().DEVIN_ORG_ADMIN_ROLE_IDS;
  const orgRoles = roles.filter(isOrgRole);
  const role = adminIds.map((id) => orgRoles.find((r) => r.roleId === id)).find(Boolean);
  if (!role) {
    throw new ApiError('upstream_error', `Devin lists none of the org admin roles configured in DEVIN_ORG_ADMIN_ROLE_IDS (${adminIds.join(', ')}), so the requester cannot be made admin of the new org.`);
  }
  return role;
}
