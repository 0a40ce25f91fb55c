import { z } from 'zod';
import { recordAudit } from '../audit';
import { apiRoute, nowSeconds, param, requirePermission, type ApiContext } from '../context';
import { found, HttpError, invalidField } from '../http';
import { mapPage, pageParams, paginate } from '../pagination';
import type { Permission } from '../permissions';
import type { RoleType, ServiceUser, State } from '../state';
import { freshToken } from '../tokens';
import { nameSchema, parseBody, parseQuery } from '../validation';
import { orgRoleFromBody, setOrgRole } from '../org-roles';
import { serviceUserToWire } from '../wire';
import { orgOr404 } from './organizations';
import { MEMBERSHIP_READ } from './roles';

/** A year, the documented maximum. Missing ttl_seconds means no expiry (INFERRED: shown required, surely defaulted). */
const MAX_TTL_SECONDS = 31_536_000;

const provisionBody = z.object({
  name: nameSchema,
  role_id: z.string().min(1),
  ttl_seconds: z.number().int().min(1).max(MAX_TTL_SECONDS).nullish(),
});

export function serviceUserOr404(state: State, id: string): ServiceUser {
  return found(state.serviceUsers.get(id), `Service user ${id}`);
}

/**
 * The caller may hand out only permissions it holds itself (doc §6), at
 * enterprise level or in `orgId`: otherwise any provisioner could mint an admin.
 */
export function assertCanGrant(ctx: ApiContext, permissions: Iterable<Permission>, orgId: string | null): void {
  const held = ctx.state.permissionsOf(ctx.principal.serviceUser.assignments, orgId);
  const lacking = [...permissions].filter((p) => !held.has(p));
  if (lacking.length) throw new HttpError(403, `Missing permission: ${lacking[0]} (cannot grant permissions you do not hold: ${lacking.join(', ')})`);
}

function provision(ctx: ApiContext, orgId: string | null) {
  const body = parseBody(ctx.rawBody, provisionBody);
  const wantedType: RoleType = orgId === null ? 'enterprise' : 'org';
  const role = ctx.state.roles.get(body.role_id);
  if (!role) throw invalidField(['body', 'role_id'], `Unknown role ${body.role_id}`);
  if (role.type !== wantedType) {
    throw invalidField(['body', 'role_id'], `${role.name} is an ${role.type}-level role; this route needs an ${wantedType}-level one`);
  }
  assertCanGrant(ctx, role.permissions, orgId);

  const now = nowSeconds(ctx);
  const serviceUser: ServiceUser = {
    id: ctx.state.newId('service-user', 24),
    name: body.name,
    assignments: [{ roleId: role.id, orgId }],
    createdAt: now,
    expiresAt: body.ttl_seconds ? now + body.ttl_seconds : null,
  };
  const token = freshToken();
  ctx.state.serviceUsers.set(serviceUser.id, serviceUser);
  ctx.state.addApiKey({
    id: ctx.state.newId('apikey', 24),
    name: 'initial',
    serviceUserId: serviceUser.id,
    token,
    createdAt: now,
    expiresAt: serviceUser.expiresAt,
    revokedAt: null,
    lastUsedAt: null,
  });
  recordAudit(ctx, 'create_service_user', {
    orgId,
    data: { service_user_id: serviceUser.id, name: serviceUser.name, role_id: role.id, role_name: role.name, expires_at: serviceUser.expiresAt },
  });
  return { service_user: serviceUserToWire(ctx.state, serviceUser), token };
}

// POST /v3beta1/enterprise/service-users
function provisionEnterpriseServiceUser(ctx: ApiContext) {
  requirePermission(ctx, 'ManageAccountServiceUsers');
  return provision(ctx, null);
}

// POST /v3beta1/organizations/{org_id}/service-users
function provisionOrgServiceUser(ctx: ApiContext) {
  const orgId = param(ctx, 'org_id');
  requirePermission(ctx, 'ManageOrgServiceUsers', orgId);
  return provision(ctx, orgOr404(ctx.state, orgId).id);
}

function sortedServiceUsers(state: State, keep: (su: ServiceUser) => boolean = () => true): ServiceUser[] {
  return [...state.serviceUsers.values()].filter(keep).sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

// GET /v3/enterprise/members/service-users
function listServiceUsers(ctx: ApiContext) {
  requirePermission(ctx, MEMBERSHIP_READ);
  const page = parseQuery(ctx.query, z.object(pageParams));
  return mapPage(
    paginate(sortedServiceUsers(ctx.state), page, (su) => [su.createdAt, su.id]),
    (su) => serviceUserToWire(ctx.state, su),
  );
}

// GET /v3/enterprise/members/service-users/{service_user_id}
function getServiceUser(ctx: ApiContext) {
  requirePermission(ctx, MEMBERSHIP_READ);
  return serviceUserToWire(ctx.state, serviceUserOr404(ctx.state, param(ctx, 'service_user_id')));
}

// DELETE /v3/enterprise/members/service-users/{service_user_id}: its keys stop working at once
function deleteServiceUser(ctx: ApiContext) {
  requirePermission(ctx, 'ManageAccountMembership');
  const serviceUser = serviceUserOr404(ctx.state, param(ctx, 'service_user_id'));
  const wire = serviceUserToWire(ctx.state, serviceUser);
  ctx.state.deleteServiceUser(serviceUser.id);
  recordAudit(ctx, 'delete_service_user', { data: { service_user_id: serviceUser.id, name: serviceUser.name } });
  return wire;
}

// GET /v3/enterprise/organizations/{org_id}/members/service-users
function listOrgServiceUsers(ctx: ApiContext) {
  requirePermission(ctx, MEMBERSHIP_READ);
  const org = orgOr404(ctx.state, param(ctx, 'org_id'));
  const page = parseQuery(ctx.query, z.object(pageParams));
  const members = sortedServiceUsers(ctx.state, (su) => su.assignments.some((a) => a.orgId === org.id));
  return mapPage(
    paginate(members, page, (su) => [su.createdAt, su.id]),
    (su) => serviceUserToWire(ctx.state, su),
  );
}

// POST /v3/enterprise/organizations/{org_id}/members/service-users/{service_user_id}: adds it to the org, or changes its org role
function putOrgServiceUser(ctx: ApiContext) {
  requirePermission(ctx, 'ManageAccountMembership');
  const org = orgOr404(ctx.state, param(ctx, 'org_id'));
  const serviceUser = serviceUserOr404(ctx.state, param(ctx, 'service_user_id'));
  const role = orgRoleFromBody(ctx);
  assertCanGrant(ctx, role.permissions, org.id);
  const previous = setOrgRole(serviceUser.assignments, org.id, role.id);
  recordAudit(ctx, 'assign_service_user_role', {
    orgId: org.id,
    data: { service_user_id: serviceUser.id, name: serviceUser.name, role_id: role.id, role_name: role.name, previous_role_id: previous },
  });
  return serviceUserToWire(ctx.state, serviceUser);
}

// DELETE /v3/enterprise/organizations/{org_id}/members/service-users/{service_user_id}: takes it out of the org (its other roles stay)
function removeOrgServiceUser(ctx: ApiContext) {
  requirePermission(ctx, 'ManageAccountMembership');
  const org = orgOr404(ctx.state, param(ctx, 'org_id'));
  const serviceUser = serviceUserOr404(ctx.state, param(ctx, 'service_user_id'));
  if (!serviceUser.assignments.some((a) => a.orgId === org.id)) {
    throw new HttpError(404, `Service user ${serviceUser.id} is not a member of organization ${org.id}`);
  }
  serviceUser.assignments = serviceUser.assignments.filter((a) => a.orgId !== org.id);
  recordAudit(ctx, 'remove_service_user_role', { orgId: org.id, data: { service_user_id: serviceUser.id, name: serviceUser.name } });
  return serviceUserToWire(ctx.state, serviceUser);
}

export const serviceUserRoutes = [
  apiRoute('POST', '/v3beta1/enterprise/service-users', provisionEnterpriseServiceUser),
  apiRoute('POST', '/v3beta1/organizations/:org_id/service-users', provisionOrgServiceUser),
  apiRoute('GET', '/v3/enterprise/members/service-users', listServiceUsers),
  apiRoute('GET', '/v3/enterprise/members/service-users/:service_user_id', getServiceUser),
  apiRoute('DELETE', '/v3/enterprise/members/service-users/:service_user_id', deleteServiceUser),
  apiRoute('GET', '/v3/enterprise/organizations/:org_id/members/service-users', listOrgServiceUsers),
  apiRoute('POST', '/v3/enterprise/organizations/:org_id/members/service-users/:service_user_id', putOrgServiceUser),
  apiRoute('DELETE', '/v3/enterprise/organizations/:org_id/members/service-users/:service_user_id', removeOrgServiceUser),
];
