import 'server-only';
import type { z } from 'zod';
import type * as wire from './schemas';
import type {
  ApiKey,
  ApiKeyWithToken,
  AuditLog,
  Consumption,
  ConsumptionCycle,
  IdpGroupUser,
  IdpRoleAssignment,
  Organization,
  Page,
  ProvisionedServiceUser,
  Role,
  RoleAssignment,
  ServiceUser,
  Session,
  SessionMessage,
  Self,
  User,
  UserWithIdpRoles,
} from './types';

type Wire<S extends z.ZodType> = z.infer<S>;
type WirePage<T> = { items: T[]; end_cursor?: string | null; has_next_page?: boolean; total?: number | null };

export function toPage<W, T>(page: WirePage<W>, map: (item: W) => T): Page<T> {
  return {
    items: page.items.map(map),
    endCursor: page.end_cursor ?? null,
    hasNextPage: page.has_next_page ?? false,
    total: page.total ?? null,
  };
}

export function toSelf(s: Wire<typeof wire.selfSchema>): Self {
  const orgId = s.org_id ?? null;
  const none = { serviceUserId: null, serviceUserName: null, userId: null, userName: null, apiKeyId: null, apiKeyName: null };
  switch (s.principal_type) {
    case 'service_user':
      return { ...none, principalType: s.principal_type, orgId, serviceUserId: s.service_user_id, serviceUserName: s.service_user_name };
    case 'pat_user':
      return {
        ...none,
        principalType: s.principal_type,
        orgId,
        userId: s.user_id,
        userName: s.user_name,
        apiKeyId: s.api_key_id,
        apiKeyName: s.api_key_name,
      };
    default:
      return { ...none, principalType: s.principal_type, orgId };
  }
}

export function toOrganization(o: Wire<typeof wire.organizationSchema>): Organization {
  return {
    orgId: o.org_id,
    name: o.name,
    createdAt: o.created_at,
    updatedAt: o.updated_at,
    maxCycleAcuLimit: o.max_cycle_acu_limit,
    maxSessionAcuLimit: o.max_session_acu_limit,
  };
}

export function toRole(r: Wire<typeof wire.roleSchema>): Role {
  return { roleId: r.role_id, roleName: r.role_name, roleType: r.role_type ?? null };
}

function toRoleAssignment(a: { role: Wire<typeof wire.roleSchema>; org_id?: string | null }): RoleAssignment {
  return { role: toRole(a.role), orgId: a.org_id ?? null };
}

export function toUser(u: Wire<typeof wire.userSchema>): User {
  return { userId: u.user_id, email: u.email ?? null, name: u.name ?? null, roleAssignments: u.role_assignments.map(toRoleAssignment) };
}

function toIdpRoleAssignment(a: Wire<typeof wire.idpGroupUserSchema>['idp_role_assignments'][number]): IdpRoleAssignment {
  return { ...toRoleAssignment(a), idpGroupName: a.idp_group_name };
}

export function toUserWithIdpRoles(u: Wire<typeof wire.userWithIdpRolesSchema>): UserWithIdpRoles {
  return { ...toUser(u), idpRoleAssignments: u.idp_role_assignments.map(toIdpRoleAssignment) };
}

export function toIdpGroupUser(u: Wire<typeof wire.idpGroupUserSchema>): IdpGroupUser {
  return { userId: u.user_id, email: u.email ?? null, name: u.name ?? null, idpRoleAssignments: u.idp_role_assignments.map(toIdpRoleAssignment) };
}

export function toServiceUser(s: Wire<typeof wire.serviceUserSchema>): ServiceUser {
  return {
    serviceUserId: s.service_user_id,
    name: s.name,
    roleAssignments: s.role_assignments.map(toRoleAssignment),
    expiresAt: s.expires_at ?? null,
  };
}

export function toProvisionedServiceUser(p: Wire<typeof wire.provisionedServiceUserSchema>): ProvisionedServiceUser {
  return { serviceUser: toServiceUser(p.service_user), token: p.token };
}

export function toApiKey(k: Wire<typeof wire.apiKeySchema>): ApiKey {
  return {
    apiKeyId: k.api_key_id,
    apiKeyName: k.api_key_name,
    createdAt: k.created_at,
    expiresAt: k.expires_at ?? null,
    isActive: k.is_active,
    lastUsedAt: k.last_used_at ?? null,
    revokedAt: k.revoked_at ?? null,
  };
}

export function toApiKeyWithToken(k: Wire<typeof wire.apiKeyWithTokenSchema>): ApiKeyWithToken {
  return { apiKeyId: k.api_key_id, apiKeyName: k.api_key_name, token: k.token };
}

export function toSession(s: Wire<typeof wire.sessionSchema>): Session {
  return {
    sessionId: s.session_id,
    url: s.url,
    status: s.status,
    statusDetail: s.status_detail ?? null,
    tags: s.tags,
    orgId: s.org_id,
    createdAt: s.created_at,
    updatedAt: s.updated_at,
    acusConsumed: s.acus_consumed,
    pullRequests: s.pull_requests.map((pr) => ({ prUrl: pr.pr_url, prState: pr.pr_state ?? null })),
    title: s.title ?? null,
    userId: s.user_id ?? null,
    serviceUserId: s.service_user_id ?? null,
    playbookId: s.playbook_id ?? null,
    parentSessionId: s.parent_session_id ?? null,
    childSessionIds: s.child_session_ids ?? null,
    isArchived: s.is_archived ?? false,
    structuredOutput: s.structured_output ?? null,
    origin: s.origin ?? null,
    category: s.category ?? null,
    subcategory: s.subcategory ?? null,
  };
}

export function toSessionMessage(m: Wire<typeof wire.sessionMessageSchema>): SessionMessage {
  return { eventId: m.event_id, createdAt: m.created_at, message: m.message, source: m.source };
}

export function toConsumption(c: Wire<typeof wire.consumptionSchema>): Consumption {
  return {
    totalAcus: c.total_acus,
    consumptionByDate: c.consumption_by_date.map((d) => ({
      date: d.date,
      acus: d.acus,
      acusByProduct: {
        devin: d.acus_by_product.devin ?? 0,
        cascade: d.acus_by_product.cascade ?? 0,
        terminal: d.acus_by_product.terminal ?? 0,
        ...(d.acus_by_product.review !== undefined && { review: d.acus_by_product.review }),
      },
    })),
  };
}

export function toConsumptionCycle(c: Wire<typeof wire.consumptionCycleSchema>): ConsumptionCycle {
  return { after: c.after, before: c.before };
}

export function toAuditLog(a: Wire<typeof wire.auditLogSchema>): AuditLog {
  return {
    auditLogId: a.audit_log_id,
    action: a.action,
    createdAt: a.created_at,
    data: a.data,
    orgId: a.org_id ?? null,
    userId: a.user_id ?? null,
    userEmail: a.user_email ?? null,
    serviceUserId: a.service_user_id ?? null,
    serviceUserName: a.service_user_name ?? null,
  };
}
