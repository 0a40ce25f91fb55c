import { AuditTrail } from './audit';
import { UsageLedger } from './consumption';
import type { SessionTimeline } from './options';
import { withImplied, type Permission } from './permissions';
import { randomFor, type Random } from './random';

/*
 * The emulator's in-memory model. Entity timestamps are Unix seconds, as on
 * the wire; session internals are in milliseconds because the lifecycle
 * timeline is (fields named …Ms).
 */

export type RoleType = 'enterprise' | 'org';

export interface Role {
  id: string;
  name: string;
  type: RoleType;
  permissions: ReadonlySet<Permission>;
}

/** `orgId` null = an enterprise-level assignment. */
export interface RoleAssignment {
  roleId: string;
  orgId: string | null;
}

export interface Org {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  maxCycleAcuLimit: number | null;
  maxSessionAcuLimit: number | null;
}

export interface User {
  id: string;
  email: string;
  name: string;
  /** Direct role assignments only; group-derived ones come from `idpGroups`. */
  assignments: RoleAssignment[];
  idpGroups: string[];
}

export interface IdpGroup {
  name: string;
  assignments: RoleAssignment[];
}

export interface ServiceUser {
  id: string;
  name: string;
  assignments: RoleAssignment[];
  createdAt: number;
  expiresAt: number | null;
}

export interface ApiKey {
  id: string;
  name: string;
  serviceUserId: string;
  token: string;
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

export type RunOutcome = 'exit' | 'suspended' | 'error';

/**
 * One stretch of Devin working: the first run after creation, or a resume
 * after a message woke a suspended session. Status is computed from these
 * instants and the clock, so nothing needs a timer.
 */
export interface Run {
  startMs: number;
  claimedMs: number;
  runningMs: number;
  endMs: number;
  outcome: RunOutcome;
  /** ACUs this run consumes if it runs to its end. */
  acus: number;
  resumed: boolean;
  /** Cut short by terminate or archive (which puts a working Devin to sleep). */
  stop?: { atMs: number; reason: 'terminate' | 'sleep' };
}

export interface Message {
  id: string;
  /** Devin's replies are scheduled ahead and become visible when the clock reaches them. */
  atMs: number;
  source: 'user' | 'devin';
  text: string;
}

export interface PullRequest {
  pr_url: string;
  pr_state: string | null;
}

export interface Session {
  id: string;
  orgId: string;
  title: string;
  tags: string[];
  userId: string | null;
  serviceUserId: string | null;
  origin: string;
  playbookId: string | null;
  repos: string[];
  /** ACU ceiling fixed at creation: the request's max_acu_limit, else the org's per-session limit. */
  acuCap: number | null;
  category: string | null;
  pullRequests: PullRequest[];
  createdMs: number;
  /** Last explicit write (tags, archive); lifecycle changes are derived from `runs`. */
  touchedMs: number;
  isArchived: boolean;
  terminatedMs: number | null;
  runs: Run[];
  messages: Message[];
}

export class State {
  readonly roles = new Map<string, Role>();
  readonly orgs = new Map<string, Org>();
  readonly users = new Map<string, User>();
  readonly idpGroups = new Map<string, IdpGroup>();
  readonly serviceUsers = new Map<string, ServiceUser>();
  readonly apiKeys = new Map<string, ApiKey>();
  readonly sessions = new Map<string, Session>();
  readonly audit = new AuditTrail();
  readonly usage = new UsageLedger();
  private readonly keysByToken = new Map<string, ApiKey>();
  /** Runtime-created ids continue a seeded stream: the same calls produce the same ids. */
  private readonly ids: Random;

  constructor(
    readonly seed: number,
    readonly timeline: SessionTimeline,
    /** Unix s: the first 08:00 UTC day with usage history; consumption is zero-filled from here. */
    readonly historyStart: number,
  ) {
    this.ids = randomFor(seed, 'runtime-ids');
  }

  newId(prefix: string, hexLength: number): string {
    return `${prefix}-${this.ids.hex(hexLength)}`;
  }

  /** A draw from the runtime stream, e.g. how many ACUs a new session will burn. */
  draw(): number {
    return this.ids.next();
  }

  addApiKey(key: ApiKey): void {
    this.apiKeys.set(key.id, key);
    this.keysByToken.set(key.token, key);
  }

  keyByToken(token: string): ApiKey | undefined {
    return this.keysByToken.get(token);
  }

  deleteServiceUser(id: string): void {
    this.serviceUsers.delete(id);
    for (const key of this.apiKeys.values()) {
      if (key.serviceUserId !== id) continue;
      this.apiKeys.delete(key.id);
      this.keysByToken.delete(key.token);
    }
  }

  role(id: string): Role {
    const role = this.roles.get(id);
    if (!role) throw new Error(`Unknown role ${id}`);
    return role;
  }

  /**
   * What a set of assignments grants at enterprise level (`orgId` null) or in
   * one org: enterprise assignments count everywhere, org ones only in their org.
   */
  permissionsOf(assignments: readonly RoleAssignment[], orgId: string | null): Set<Permission> {
    const granted: Permission[] = [];
    for (const a of assignments) {
      if (a.orgId === null || a.orgId === orgId) granted.push(...this.role(a.roleId).permissions);
    }
    return withImplied(granted);
  }

  /** A user's role assignments in one org, directly and through IdP groups. */
  orgRolesOf(user: User, orgId: string): { role: Role; via: 'direct' | 'idp'; groupName?: string }[] {
    const out: { role: Role; via: 'direct' | 'idp'; groupName?: string }[] = [];
    for (const a of user.assignments) if (a.orgId === orgId) out.push({ role: this.role(a.roleId), via: 'direct' });
    for (const { name, assignments } of this.groupsOf(user)) {
      for (const a of assignments) if (a.orgId === orgId) out.push({ role: this.role(a.roleId), via: 'idp', groupName: name });
    }
    return out;
  }

  /** Everyone who may work in an org: people (directly or through a group) and the org's service users. */
  orgMembers(orgId: string): { users: User[]; serviceUsers: ServiceUser[] } {
    return {
      users: [...this.users.values()].filter((u) => this.orgRolesOf(u, orgId).length > 0),
      serviceUsers: [...this.serviceUsers.values()].filter((su) => su.assignments.some((a) => a.orgId === orgId)),
    };
  }

  groupsOf(user: User): IdpGroup[] {
    return user.idpGroups.flatMap((name) => this.idpGroups.get(name) ?? []);
  }
}
