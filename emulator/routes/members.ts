import { z } from 'zod';
import { recordAudit } from '../audit';
import { apiRoute, param, requirePermission, type ApiContext } from '../context';
import { found, HttpError } from '../http';
import { mapPage, pageParams, paginate } from '../pagination';
import type { State, User } from '../state';
import { parseQuery } from '../validation';
import { orgRoleFromBody, setOrgRole } from '../org-roles';
import { idpGroupUserToWire, userToWire, userWithIdpRolesToWire } from '../wire';
import { orgOr404 } from './organizations';
import { MEMBERSHIP_READ } from './roles';

const listQuery = z.object({ ...pageParams, email: z.string().optional() });

/** Users sorted by email, optionally only the one with this email (exact, case-insensitive). */
function usersWhere(state: State, email: string | undefined, keep: (u: User) => boolean): User[] {
  const wanted = email?.toLowerCase();
  return [...state.users.values()]
    .filter((u) => (wanted === undefined || u.email.toLowerCase() === wanted) && keep(u))
    .sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : a.id < b.id ? -1 : 1));
}

const userKey = (u: User) => [u.email, u.id];

function userOr404(state: State, userId: string): User {
  return found(state.users.get(userId), `User ${userId}`);
}

const hasIdpRoles = (state: State, orgId?: string) => (u: User) =>
  state.groupsOf(u).some((g) => g.assignments.some((a) => orgId === undefined || a.orgId === orgId));

// GET /v3/enterprise/members/users: people with direct role assignments only (doc §6)
function listUsers(ctx: ApiContext) {
  requirePermission(ctx, MEMBERSHIP_READ);
  const q = parseQuery(ctx.query, listQuery);
  const users = usersWhere(ctx.state, q.email, (u) => u.assignments.length > 0);
  return mapPage(paginate(users, q, userKey), (u) => userToWire(ctx.state, u));
}

// GET /v3/enterprise/members/users/{user_id}
function getUser(ctx: ApiContext) {
  requirePermission(ctx, MEMBERSHIP_READ);
  return userWithIdpRolesToWire(ctx.state, userOr404(ctx.state, param(ctx, 'user_id')));
}

/*
 * GET /v3/enterprise/members/idp-users: people holding roles through IdP
 * groups. Someone with both kinds appears in both lists, each showing its own
 * kind, so a client that merges the two never loses a membership.
 */
function listIdpUsers(ctx: ApiContext) {
  requirePermission(ctx, MEMBERSHIP_READ);
  const q = parseQuery(ctx.query, listQuery);
  const users = usersWhere(ctx.state, q.email, hasIdpRoles(ctx.state));
  return mapPage(paginate(users, q, userKey), (u) => idpGroupUserToWire(ctx.state, u));
}

// GET /v3/enterprise/organizations/{org_id}/members/idp-users: the org's members through IdP groups, for enterprise tokens
function listOrgIdpUsers(ctx: ApiContext) {
  requirePermission(ctx, MEMBERSHIP_READ);
  const org = orgOr404(ctx.state, param(ctx, 'org_id'));
  const q = parseQuery(ctx.query, listQuery);
  const users = usersWhere(ctx.state, q.email, hasIdpRoles(ctx.state, org.id));
  return mapPage(paginate(users, q, userKey), (u) => idpGroupUserToWire(ctx.state, u, { orgId: org.id }));
}

// GET /v3/enterprise/organizations/{org_id}/members/users: direct members, with their roles in this org
function listOrgUsers(ctx: ApiContext) {
  requirePermission(ctx, MEMBERSHIP_READ);
  const org = orgOr404(ctx.state, param(ctx, 'org_id'));
  const q = parseQuery(ctx.query, listQuery);
  const users = usersWhere(ctx.state, q.email, (u) => u.assignments.some((a) => a.orgId === org.id));
  return mapPage(paginate(users, q, userKey), (u) => userToWire(ctx.state, u, { orgId: org.id }));
}

// POST /v3/enterprise/organizations/{org_id}/members/users/{user_id}: add, or change the org role
function putOrgUser(ctx: ApiContext) {
  requirePermission(ctx, 'ManageAccountMembership');
  const org = orgOr404(ctx.state, param(ctx, 'org_id'));
  const user = userOr404(ctx.state, param(ctx, 'user_id'));
  const role = orgRoleFromBody(ctx);
  const data = { user_id: user.id, email: user.email, role_id: role.id, role_name: role.name };
  const previous = setOrgRole(user.assignments, org.id, role.id);
  if (previous === null) recordAudit(ctx, 'add_member', { orgId: org.id, data });
  else recordAudit(ctx, 'assign_roles', { orgId: org.id, data: { ...data, previous_role_id: previous } });
  return userToWire(ctx.state, user);
}

// DELETE /v3/enterprise/organizations/{org_id}/members/users/{user_id}
function removeOrgUser(ctx: ApiContext) {
  requirePermission(ctx, 'ManageAccountMembership');
  const org = orgOr404(ctx.state, param(ctx, 'org_id'));
  const user = userOr404(ctx.state, param(ctx, 'user_id'));
  if (!user.assignments.some((a) => a.orgId === org.id)) {
    throw new HttpError(404, `User ${user.id} is not a direct member of organization ${org.id}`);
  }
  user.assignments = user.assignments.filter((a) => a.orgId !== org.id);
  recordAudit(ctx, 'delete_member', { orgId: org.id, data: { user_id: user.id, email: user.email } });
  return userToWire(ctx.state, user);
}

/* Org-scoped beta reads (/v3beta1/organizations/{org_id}/members/…): ViewOrgMembership, Role without role_type. */

const orgView = (orgId: string) => ({ orgId, withRoleType: false });

// GET /v3beta1/organizations/{org_id}/members/users
function listOrgScopedUsers(ctx: ApiContext) {
  const orgId = param(ctx, 'org_id');
  requirePermission(ctx, 'ViewOrgMembership', orgId);
  const org = orgOr404(ctx.state, orgId);
  const q = parseQuery(ctx.query, listQuery);
  const users = usersWhere(ctx.state, q.email, (u) => u.assignments.some((a) => a.orgId === org.id));
  return mapPage(paginate(users, q, userKey), (u) => userToWire(ctx.state, u, orgView(org.id)));
}

// GET /v3beta1/organizations/{org_id}/members/idp-users
function listOrgScopedIdpUsers(ctx: ApiContext) {
  const orgId = param(ctx, 'org_id');
  requirePermission(ctx, 'ViewOrgMembership', orgId);
  const org = orgOr404(ctx.state, orgId);
  const q = parseQuery(ctx.query, listQuery);
  const users = usersWhere(ctx.state, q.email, hasIdpRoles(ctx.state, org.id));
  return mapPage(paginate(users, q, userKey), (u) => idpGroupUserToWire(ctx.state, u, orgView(org.id)));
}

// GET /v3beta1/organizations/{org_id}/members/users/{user_id}
function getOrgScopedUser(ctx: ApiContext) {
  const orgId = param(ctx, 'org_id');
  requirePermission(ctx, 'ViewOrgMembership', orgId);
  const org = orgOr404(ctx.state, orgId);
  const user = ctx.state.users.get(param(ctx, 'user_id'));
  if (!user || ctx.state.orgRolesOf(user, org.id).length === 0) {
    throw new HttpError(404, `User ${param(ctx, 'user_id')} not found in organization ${org.id}`);
  }
  return userWithIdpRolesToWire(ctx.state, user, orgView(org.id));
}

export const memberRoutes = [
  apiRoute('GET', '/v3/enterprise/members/users', listUsers),
  apiRoute('GET', '/v3/enterprise/members/users/:user_id', getUser),
  apiRoute('GET', '/v3/enterprise/members/idp-users', listIdpUsers),
  apiRoute('GET', '/v3/enterprise/organizations/:org_id/members/users', listOrgUsers),
  apiRoute('GET', '/v3/enterprise/organizations/:org_id/members/idp-users', listOrgIdpUsers),
  apiRoute('POST', '/v3/enterprise/organizations/:org_id/members/users/:user_id', putOrgUser),
  apiRoute('DELETE', '/v3/enterprise/organizations/:org_id/members/users/:user_id', removeOrgUser),
  apiRoute('GET', '/v3beta1/organizations/:org_id/members/users', listOrgScopedUsers),
  apiRoute('GET', '/v3beta1/organizations/:org_id/members/idp-users', listOrgScopedIdpUsers),
  apiRoute('GET', '/v3beta1/organizations/:org_id/members/users/:user_id', getOrgScopedUser),
];
