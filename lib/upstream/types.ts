/*
 * The portal's DTOs for Devin data: camelCase, timestamps in Unix seconds. Pure types with no runtime
 * imports, so client components may `import type` them. Pages never see the snake_case wire shapes.
 */

/** A documented value set that may grow upstream: known values autocomplete, new ones still type-check. */
type Open<T extends string> = T | (string & {});

/** One cursor page of a list. `total` is null when the upstream omits it. */
export interface Page<T> {
  items: T[];
  endCursor: string | null;
  hasNextPage: boolean;
  total: number | null;
}

/** Cursor paging for every list call: `first` is 1..200 (upstream default 100). */
export interface PageParams {
  first?: number;
  after?: string | null;
}

/**
 * Who the token belongs to (`GET /v3/self`). Every variant carries every key, null where it does not
 * apply, so `self.serviceUserName` reads without narrowing; narrow on `principalType` to get non-null.
 */
export type Self =
  | {
      principalType: 'service_user';
      orgId: string | null;
      serviceUserId: string;
      serviceUserName: string;
      userId: null;
      userName: null;
      apiKeyId: null;
      apiKeyName: null;
    }
  | {
      principalType: 'pat_user';
      orgId: string | null;
      serviceUserId: null;
      serviceUserName: null;
      userId: string;
      userName: string;
      apiKeyId: string;
      apiKeyName: string;
    }
  | {
      principalType: 'devin_brain' | 'windsurf_session';
      orgId: string | null;
      serviceUserId: null;
      serviceUserName: null;
      userId: null;
      userName: null;
      apiKeyId: null;
      apiKeyName: null;
    };

export interface Organization {
  orgId: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  /** ACUs per billing cycle; null = no limit. */
  maxCycleAcuLimit: number | null;
  maxSessionAcuLimit: number | null;
}

export interface CreateOrganizationInput {
  name: string;
  maxCycleAcuLimit?: number | null;
  maxSessionAcuLimit?: number | null;
}

/** Only the keys given are sent; a limit set to null is sent as null. */
export interface UpdateOrganizationInput {
  name?: string;
  maxCycleAcuLimit?: number | null;
  maxSessionAcuLimit?: number | null;
}

export interface Role {
  roleId: string;
  roleName: string;
  /** Null on the org-scoped beta routes, which omit it. */
  roleType: Open<'enterprise' | 'org'> | null;
}

export interface RoleAssignment {
  role: Role;
  /** Null for an enterprise-level assignment. */
  orgId: string | null;
}

export interface User {
  userId: string;
  email: string | null;
  name: string | null;
  roleAssignments: RoleAssignment[];
}

export interface IdpRoleAssignment extends RoleAssignment {
  idpGroupName: string;
}

export interface UserWithIdpRoles extends User {
  idpRoleAssignments: IdpRoleAssignment[];
}

/** Someone who belongs through IdP groups (the idp-users lists): their group-derived roles only. */
export interface IdpGroupUser {
  userId: string;
  email: string | null;
  name: string | null;
  idpRoleAssignments: IdpRoleAssignment[];
}

export interface ServiceUser {
  serviceUserId: string;
  name: string;
  roleAssignments: RoleAssignment[];
  expiresAt: number | null;
}

export interface ProvisionServiceUserInput {
  name: string;
  /** An enterprise role for enterprise provisioning, an org role for org provisioning. */
  roleId: string;
  /** At most 365 days. */
  ttlSeconds: number;
}

/**
 * A new service user and its first token. The token is shown once: hand it to the person and
 * never store it, log it, or put it in an audit trail.
 */
export interface ProvisionedServiceUser {
  serviceUser: ServiceUser;
  token: string;
}

export type ApiKeyStatus = 'active' | 'revoked' | 'expired' | 'all';

export interface ApiKey {
  apiKeyId: string;
  apiKeyName: string;
  createdAt: number;
  expiresAt: number | null;
  isActive: boolean;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

/** A key with its secret, shown once: never store or log `token`. */
export interface ApiKeyWithToken {
  apiKeyId: string;
  apiKeyName: string;
  token: string;
}

export interface CreateApiKeyInput {
  name: string;
  /** Unix seconds in the future; null or omitted = no expiry. */
  expiresAt?: number | null;
}

export interface RotateApiKeyInput {
  newKeyExpiresAt?: number | null;
  /** Upstream default revokes the current key; false keeps both active for a rollover. */
  revokeCurrent?: boolean;
}

export type SessionStatus = Open<'new' | 'claimed' | 'running' | 'exit' | 'error' | 'suspended' | 'resuming'>;

export type SessionOrigin = Open<'webapp' | 'slack' | 'teams' | 'api' | 'linear' | 'jira' | 'automation' | 'cli' | 'desktop' | 'other'>;

export interface PullRequest {
  prUrl: string;
  prState: string | null;
}

export interface Session {
  sessionId: string;
  url: string;
  status: SessionStatus;
  /** E.g. working / waiting_for_user when running, inactivity / user_request when suspended. */
  statusDetail: string | null;
  tags: string[];
  orgId: string;
  createdAt: number;
  updatedAt: number;
  acusConsumed: number;
  pullRequests: PullRequest[];
  title: string | null;
  userId: string | null;
  serviceUserId: string | null;
  playbookId: string | null;
  parentSessionId: string | null;
  childSessionIds: string[] | null;
  isArchived: boolean;
  structuredOutput: Record<string, unknown> | null;
  origin: SessionOrigin | null;
  category: string | null;
  subcategory: string | null;
}

export interface CreateSessionInput {
  prompt: string;
  title?: string | null;
  /** At most 50. */
  tags?: string[] | null;
  playbookId?: string | null;
  maxAcuLimit?: number | null;
  /** Attribute the session to this Devin user (needs ImpersonateOrgSessions; the user needs UseDevinSessions). */
  createAsUserId?: string | null;
}

export interface ListSessionsFilters extends PageParams {
  sessionIds?: string[];
  tags?: string[];
  userIds?: string[];
  serviceUserIds?: string[];
  createdAfter?: number;
  createdBefore?: number;
  updatedAfter?: number;
  updatedBefore?: number;
  playbookId?: string;
  origins?: SessionOrigin[];
  isArchived?: boolean;
}

export interface SendMessageInput {
  message: string;
  /** Send as this Devin user instead of the service user. */
  messageAsUserId?: string | null;
}

export interface SessionMessage {
  eventId: string;
  createdAt: number;
  message: string;
  source: Open<'devin' | 'user'>;
}

/** Unix seconds; days start at midnight PST (08:00 UTC) upstream. */
export interface TimeWindow {
  timeAfter?: number;
  timeBefore?: number;
}

export interface AcusByProduct {
  devin: number;
  cascade: number;
  terminal: number;
  review?: number;
}

export interface DailyConsumption {
  /** Start of the day, Unix seconds. */
  date: number;
  acus: number;
  acusByProduct: AcusByProduct;
}

export interface Consumption {
  totalAcus: number;
  consumptionByDate: DailyConsumption[];
}

/** A billing cycle's bounds, Unix seconds. */
export interface ConsumptionCycle {
  after: number;
  before: number;
}

export interface AuditLogFilters extends PageParams, TimeWindow {
  /** Upstream default: desc. */
  order?: 'asc' | 'desc';
  action?: string;
}

export interface AuditLog {
  auditLogId: string;
  action: string;
  createdAt: number;
  data: Record<string, unknown>;
  orgId: string | null;
  userId: string | null;
  userEmail: string | null;
  serviceUserId: string | null;
  serviceUserName: string | null;
}
