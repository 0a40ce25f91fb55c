import 'server-only';
import { errorFields, log } from '@/lib/observability/logger';
import { forgetOrgAccess } from '@/lib/access/org-access';
import { isOrgRole, mayGrant, orgRoleTier, type OrgRoleTier } from '@/lib/access/org-roles';
import { ApiError } from '@/lib/api/errors';
import type { PortalUser } from '@/lib/auth/types';
import { recordWrite } from '@/lib/trail';
import { getDevinClient } from '@/lib/upstream';
import { UpstreamError } from '@/lib/upstream/errors';
import { collectAll, mapPage } from '@/lib/upstream/pagination';
import type { Page, Role, User } from '@/lib/upstream/types';
import { findDevinUserId } from './directory';

export interface OrgMember {
  userId: string;
  email: string | null;
  name: string | null;
  /** The person's role in this org; null when Devin lists them without one. */
  role: Role | null;
}

interface Ctx {
  user: PortalUser;
  requestId: string;
}

interface GrantCtx extends Ctx {
  /** The granter's standing in the org (portal admins stand as org admins): no role above it may be granted. */
  granter: OrgRoleTier;
}

const pageParams = (page: { first?: number; after?: string | null }) => ({ first: page.first ?? 50, after: page.after ?? null });
const identity = (u: Pick<User, 'userId' | 'email' | 'name'>) => ({ userId: u.userId, email: u.email, name: u.name });

/** One cursor page of an org's direct members with their role there. */
export async function listOrgMembers(orgId: string, page: { first?: number; after?: string | null } = {}): Promise<Page<OrgMember>> {
  const result = await getDevinClient().members.listOrgUsers(orgId, pageParams(page));
  return mapPage(result, (u) => ({ ...identity(u), role: u.roleAssignments.find((a) => a.orgId === orgId)?.role ?? null }));
}

export interface OrgGroupMember {
  userId: string;
  email: string | null;
  name: string | null;
  /** The IdP groups that make the person a member here, each with the org role it grants. */
  grants: { groupName: string; roleName: string }[];
}

/** One cursor page of the people who belong to an org through IdP groups (the enterprise route for the portal's token). */
export async function listOrgGroupMembers(orgId: string, page: { first?: number; after?: string | null } = {}): Promise<Page<OrgGroupMember>> {
  const result = await getDevinClient().members.listOrgIdpUsers(orgId, pageParams(page));
  return mapPage(result, (u) => ({
    ...identity(u),
    grants: u.idpRoleAssignments.filter((a) => a.orgId === orgId).map((a) => ({ groupName: a.idpGroupName, roleName: a.role.roleName })),
  }));
}

/**
 * Every member through IdP groups, for attribution; none where the route fails (it needs ViewAccountMembership),
 * so their use still shows, unattributed, rather than failing the whole breakdown.
 */
export async function listAllOrgGroupMembers(orgId: string): Promise<OrgGroupMember[]> {
  try {
    return await collectAll((after, first) => listOrgGroupMembers(orgId, { first, after }), { pageSize: 200 });
  } catch (err) {
    if (!(err instanceof UpstreamError && (err.status === 403 || err.status === 404))) {
      log('orgs').warn({ orgId, error: errorFields(err) }, 'members through IdP groups could not be listed');
    }
    return [];
  }
}

/** The roles a person can hold inside an org. */
export async function listOrgRoles(): Promise<Role[]> {
  const devin = getDevinClient();
  const roles = await collectAll((after) => devin.roles.list({ first: 200, after }));
  return roles.filter(isOrgRole);
}

/**
 * Refuses a change that would leave the org without a direct org admin: removing its last admin, or giving
 * them a role that is not an admin role. Admins through IdP groups are not counted (Devin reports their
 * roles by name only), so the portal errs on the side of keeping one.
 */
async function assertKeepsAnAdmin(orgId: string, userId: string, newRoleId: string | null): Promise<void> {
  if (newRoleId !== null && orgRoleTier(newRoleId) === 'admin') return;
  const devin = getDevinClient();
  const members = await collectAll((after) => devin.members.listOrgUsers(orgId, { first: 200, after }), { pageSize: 200 });
  const adminIds = members
    .filter((m) => m.roleAssignments.some((a) => a.orgId === orgId && orgRoleTier(a.role.roleId) === 'admin'))
    .map((m) => m.userId);
  if (adminIds.length === 1 && adminIds[0] === userId) {
    const what = newRoleId === null ? 'remove them' : 'change their role';
    throw new ApiError('conflict', `This person is the organization's only admin, so you cannot ${what}: make someone else an admin first.`);
  }
}

/**
 * Adds a person (found by email) to an org with an org role, or changes their role there. The role may be no
 * higher than the granter's own, and the org's last admin cannot be demoted.
 */
export async function addOrgMember(orgId: string, input: { email: string; roleId: string }, ctx: GrantCtx): Promise<OrgMember> {
  const [userId, roles] = await Promise.all([findDevinUserId(input.email), listOrgRoles()]);
  if (!userId) throw new ApiError('unprocessable_entity', `email: Devin has no user with the email ${input.email}.`, { field: 'email' });
  const role = roles.find((r) => r.roleId === input.roleId);
  if (!role) throw new ApiError('unprocessable_entity', 'roleId: is not an organization role', { field: 'roleId' });
  if (!mayGrant(ctx.granter, role)) {
    throw new ApiError('forbidden', `roleId: ${role.roleName} ranks above your own role in this organization, so you cannot grant it.`, { field: 'roleId' });
  }
  await assertKeepsAnAdmin(orgId, userId, role.roleId);
  const added = await recordWrite({
    actor: ctx.user,
    action: 'org.member.add',
    orgId,
    input: { email: input.email, userId, roleId: role.roleId, roleName: role.roleName },
    requestId: ctx.requestId,
    run: () => getDevinClient().members.addOrgUser(orgId, userId, role.roleId),
    targets: () => ({ orgId, userId, roleId: role.roleId }),
  });
  await forgetOrgAccess();
  return { userId: added.userId, email: added.email, name: added.name, role };
}

/** Removes a person from an org; never its last admin. */
export async function removeOrgMember(orgId: string, userId: string, ctx: Ctx): Promise<void> {
  await assertKeepsAnAdmin(orgId, userId, null);
  await recordWrite({
    actor: ctx.user,
    action: 'org.member.remove',
    orgId,
    input: { userId },
    requestId: ctx.requestId,
    run: () => getDevinClient().members.removeOrgUser(orgId, userId),
    targets: () => ({ orgId, userId }),
  });
  await forgetOrgAccess();
}
