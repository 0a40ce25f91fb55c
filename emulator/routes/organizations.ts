import { z } from 'zod';
import { recordAudit } from '../audit';
import { apiRoute, nowSeconds, param, requirePermission, type ApiContext } from '../context';
import { found, HttpError } from '../http';
import { mapPage, pageParams, paginate } from '../pagination';
import type { Org, State } from '../state';
import { nameSchema, parseBody, parseQuery } from '../validation';
import { orgToWire } from '../wire';

const acuLimit = z.number().int().min(0).nullable();

const createOrgBody = z.object({
  name: nameSchema,
  max_cycle_acu_limit: acuLimit.optional(),
  max_session_acu_limit: acuLimit.optional(),
});

/** Absent = unchanged; an explicit null clears a limit (v2 documented "null removes the limit"). */
const updateOrgBody = z.object({
  name: nameSchema.nullable().optional(),
  max_cycle_acu_limit: acuLimit.optional(),
  max_session_acu_limit: acuLimit.optional(),
});

export function orgOr404(state: State, orgId: string): Org {
  return found(state.orgs.get(orgId), `Organization ${orgId}`);
}

/** INFERRED: the docs do not say whether org names are unique; we answer 409 so a double submit cannot create twins. */
function assertNameFree(state: State, name: string, exceptId?: string): void {
  const wanted = name.trim().toLowerCase();
  for (const org of state.orgs.values()) {
    if (org.id !== exceptId && org.name.trim().toLowerCase() === wanted) {
      throw new HttpError(409, `An organization named "${org.name}" already exists (${org.id})`);
    }
  }
}

// GET /v3/enterprise/organizations
function listOrgs(ctx: ApiContext) {
  requirePermission(ctx, 'ManageOrganizations');
  const page = parseQuery(ctx.query, z.object(pageParams));
  const orgs = [...ctx.state.orgs.values()].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  return mapPage(paginate(orgs, page, (o) => [o.createdAt, o.id]), orgToWire);
}

// POST /v3/enterprise/organizations
function createOrg(ctx: ApiContext) {
  requirePermission(ctx, 'ManageOrganizations');
  const body = parseBody(ctx.rawBody, createOrgBody);
  assertNameFree(ctx.state, body.name);
  const now = nowSeconds(ctx);
  const org: Org = {
    id: ctx.state.newId('org', 12),
    name: body.name,
    createdAt: now,
    updatedAt: now,
    maxCycleAcuLimit: body.max_cycle_acu_limit ?? null,
    maxSessionAcuLimit: body.max_session_acu_limit ?? null,
  };
  ctx.state.orgs.set(org.id, org);
  recordAudit(ctx, 'create_org', { orgId: org.id, data: orgToWire(org) });
  return orgToWire(org);
}

// GET /v3/enterprise/organizations/{org_id}
function getOrg(ctx: ApiContext) {
  requirePermission(ctx, 'ManageOrganizations');
  return orgToWire(orgOr404(ctx.state, param(ctx, 'org_id')));
}

// PATCH /v3/enterprise/organizations/{org_id}
function updateOrg(ctx: ApiContext) {
  requirePermission(ctx, 'ManageOrganizations');
  const org = orgOr404(ctx.state, param(ctx, 'org_id'));
  const body = parseBody(ctx.rawBody, updateOrgBody);
  const before = orgToWire(org);
  if (body.name != null) {
    assertNameFree(ctx.state, body.name, org.id);
    org.name = body.name;
  }
  if (body.max_cycle_acu_limit !== undefined) org.maxCycleAcuLimit = body.max_cycle_acu_limit;
  if (body.max_session_acu_limit !== undefined) org.maxSessionAcuLimit = body.max_session_acu_limit;
  org.updatedAt = nowSeconds(ctx);
  const after = orgToWire(org);
  const changes = Object.fromEntries(
    (['name', 'max_cycle_acu_limit', 'max_session_acu_limit'] as const)
      .filter((field) => before[field] !== after[field])
      .map((field) => [field, { from: before[field], to: after[field] }]),
  );
  recordAudit(ctx, 'update_org', { orgId: org.id, data: { org_id: org.id, changes } });
  return after;
}

// DELETE /v3/enterprise/organizations/{org_id}
function deleteOrg(ctx: ApiContext) {
  requirePermission(ctx, 'ManageOrganizations');
  const org = orgOr404(ctx.state, param(ctx, 'org_id'));
  ctx.state.orgs.delete(org.id);
  // Memberships in a deleted org mean nothing; sessions and usage stay for the enterprise history.
  for (const holder of [...ctx.state.users.values(), ...ctx.state.serviceUsers.values(), ...ctx.state.idpGroups.values()]) {
    holder.assignments = holder.assignments.filter((a) => a.orgId !== org.id);
  }
  recordAudit(ctx, 'delete_org', { orgId: org.id, data: { org_id: org.id, name: org.name } });
  return orgToWire(org);
}

export const organizationRoutes = [
  apiRoute('GET', '/v3/enterprise/organizations', listOrgs),
  apiRoute('POST', '/v3/enterprise/organizations', createOrg),
  apiRoute('GET', '/v3/enterprise/organizations/:org_id', getOrg),
  apiRoute('PATCH', '/v3/enterprise/organizations/:org_id', updateOrg),
  apiRoute('DELETE', '/v3/enterprise/organizations/:org_id', deleteOrg),
];
