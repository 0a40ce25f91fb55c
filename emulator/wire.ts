import { acusConsumed, lastActivityMs, statusAt } from './session-lifecycle';
import type { ApiKey, Message, Org, Role, RoleAssignment, ServiceUser, Session, State, User } from './state';

/*
 * Internal model → the v3 wire shapes, field for field as in the contract.
 * Every response body is built here, so a shape lives in exactly one place.
 */

const seconds = (ms: number) => Math.floor(ms / 1000);

/** The org-scoped beta member routes document Role without `role_type` (doc §2.3). */
export function roleToWire(role: Role, withType = true) {
  return { role_id: role.id, role_name: role.name, ...(withType && { role_type: role.type }) };
}

function assignmentToWire(state: State, a: RoleAssignment, withType: boolean) {
  return { role: roleToWire(state.role(a.roleId), withType), org_id: a.orgId };
}

export function orgToWire(org: Org) {
  return {
    org_id: org.id,
    name: org.name,
    created_at: org.createdAt,
    updated_at: org.updatedAt,
    max_cycle_acu_limit: org.maxCycleAcuLimit,
    max_session_acu_limit: org.maxSessionAcuLimit,
  };
}

interface UserView {
  /** Only this org's assignments (org-scoped member lists). */
  orgId?: string;
  withRoleType?: boolean;
}

export function userToWire(state: State, user: User, view: UserView = {}) {
  const withType = view.withRoleType ?? true;
  return {
    user_id: user.id,
    email: user.email,
    name: user.name,
    role_assignments: user.assignments
      .filter((a) => view.orgId === undefined || a.orgId === view.orgId)
      .map((a) => assignmentToWire(state, a, withType)),
  };
}

function idpAssignmentsToWire(state: State, user: User, view: UserView) {
  const withType = view.withRoleType ?? true;
  return state.groupsOf(user).flatMap((group) =>
    group.assignments
      .filter((a) => view.orgId === undefined || a.orgId === view.orgId)
      .map((a) => ({ idp_group_name: group.name, ...assignmentToWire(state, a, withType) })),
  );
}

/** `UserWithIdpRoles`: the single-user reads, direct and group-derived roles in one answer. */
export function userWithIdpRolesToWire(state: State, user: User, view: UserView = {}) {
  return { ...userToWire(state, user, view), idp_role_assignments: idpAssignmentsToWire(state, user, view) };
}

/** `IdpGroupUser`: the item of both idp-users lists. It has no `role_assignments` (doc §6). */
export function idpGroupUserToWire(state: State, user: User, view: UserView = {}) {
  return { user_id: user.id, email: user.email, name: user.name, idp_role_assignments: idpAssignmentsToWire(state, user, view) };
}

export function serviceUserToWire(state: State, su: ServiceUser) {
  return {
    service_user_id: su.id,
    name: su.name,
    role_assignments: su.assignments.map((a) => assignmentToWire(state, a, true)),
    expires_at: su.expiresAt,
  };
}

export function isKeyExpired(key: ApiKey, nowSeconds: number): boolean {
  return key.expiresAt !== null && key.expiresAt <= nowSeconds;
}

export function apiKeyToWire(key: ApiKey, nowSeconds: number) {
  return {
    api_key_id: key.id,
    api_key_name: key.name,
    created_at: key.createdAt,
    expires_at: key.expiresAt,
    is_active: key.revokedAt === null && !isKeyExpired(key, nowSeconds),
    last_used_at: key.lastUsedAt,
    revoked_at: key.revokedAt,
  };
}

/** `APIKeyWithToken`: the only response that ever carries a token, once. */
export function apiKeyWithTokenToWire(key: ApiKey) {
  return { token: key.token, api_key_id: key.id, api_key_name: key.name };
}

export function sessionToWire(session: Session, nowMs: number) {
  const { status, detail } = statusAt(session, nowMs);
  return {
    session_id: session.id,
    url: `https://app.devin.ai/sessions/${session.id}`,
    status,
    status_detail: detail,
    tags: [...session.tags],
    org_id: session.orgId,
    created_at: seconds(session.createdMs),
    updated_at: seconds(lastActivityMs(session, nowMs)),
    acus_consumed: Math.round(acusConsumed(session, nowMs) * 1000) / 1000,
    pull_requests: session.pullRequests.map((pr) => ({ ...pr })),
    title: session.title,
    user_id: session.userId,
    service_user_id: session.serviceUserId,
    playbook_id: session.playbookId,
    parent_session_id: null,
    child_session_ids: [],
    is_archived: session.isArchived,
    structured_output: null,
    origin: session.origin,
    category: session.category,
    subcategory: null,
  };
}

export function messageToWire(message: Message) {
  return { created_at: seconds(message.atMs), event_id: message.id, message: message.text, source: message.source };
}
