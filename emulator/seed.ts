import { DEMO_ORGS, DEMO_PEOPLE, type DemoOrgRole } from '../demo/directory';
import type { AuditAction } from './audit-actions';
import type { AuditEntry } from './audit';
import { DAY_SECONDS, dayStart } from './consumption';
import { demoOrgId, demoUserId } from './ids';
import type { ResolvedOptions } from './options';
import { ENTERPRISE_PERMISSIONS, ORG_PERMISSIONS, type Permission } from './permissions';
import { randomFor, stableHex, type Random } from './random';
import { CATEGORIES } from './routes/sessions';
import { scheduleRun, stopRun } from './session-lifecycle';
import { State, type Org, type Role, type RunOutcome, type Session, type User } from './state';
import { seededToken } from './tokens';

/*
 * The seeded demo enterprise. Everything derives from the seed and the clock
 * at seeding time: the same seed and clock give the same enterprise, byte for
 * byte. Orgs and people come from the shared demo directory.
 */

const DAY_MS = DAY_SECONDS * 1000;
const HOUR_MS = 3_600_000;
const HISTORY_DAYS = 70;

export const ROLE_IDS = {
  enterpriseAdmin: 'role-enterprise-admin',
  enterpriseAdminNoImpersonation: 'role-enterprise-admin-no-impersonation',
  enterpriseMember: 'role-enterprise-member',
  billingViewer: 'role-billing-viewer',
  orgAdmin: 'role-org-admin',
  orgMember: 'role-org-member',
  orgViewer: 'role-org-viewer',
} as const;

const ALL_PERMISSIONS: Permission[] = [...ENTERPRISE_PERMISSIONS, ...ORG_PERMISSIONS];

const ROLES: Role[] = [
  { id: ROLE_IDS.enterpriseAdmin, name: 'Enterprise Admin', type: 'enterprise', permissions: new Set(ALL_PERMISSIONS) },
  {
    id: ROLE_IDS.enterpriseAdminNoImpersonation,
    name: 'Enterprise Admin (no impersonation)',
    type: 'enterprise',
    permissions: new Set(ALL_PERMISSIONS.filter((p) => p !== 'ImpersonateOrgSessions')),
  },
  { id: ROLE_IDS.enterpriseMember, name: 'Enterprise Member', type: 'enterprise', permissions: new Set(['ReadAccountMeta']) },
  { id: ROLE_IDS.billingViewer, name: 'Billing Viewer', type: 'enterprise', permissions: new Set(['ReadAccountMeta', 'ViewAccountConsumption']) },
  { id: ROLE_IDS.orgAdmin, name: 'Org Admin', type: 'org', permissions: new Set(ORG_PERMISSIONS) },
  { id: ROLE_IDS.orgMember, name: 'Org Member', type: 'org', permissions: new Set(['ViewOrgSessions', 'ManageOrgSessions', 'UseDevinSessions']) },
  { id: ROLE_IDS.orgViewer, name: 'Org Viewer', type: 'org', permissions: new Set(['ViewOrgSessions']) },
];

const ORG_ROLE_OF: Record<DemoOrgRole, string> = { org_admin: ROLE_IDS.orgAdmin, org_member: ROLE_IDS.orgMember };

/** Orgs whose membership is managed by an IdP group (`team-<key>`) instead of direct assignments. */
const IDP_MANAGED_ORGS = ['growth'];

export type SeededTokenName = 'admin' | 'reader' | 'noImpersonate' | 'revoked';
export type SeededTokens = Record<SeededTokenName, string>;

interface SeededServiceUser {
  slug: string;
  name: string;
  roleId: string;
  /** Demo-directory org key for an org-scoped service user. */
  org?: string;
  keys: { name: string; token?: SeededTokenName; revokedDaysAgo?: number; expiresInDays?: number }[];
}

const SERVICE_USERS: SeededServiceUser[] = [
  { slug: 'portal', name: 'Portal Service', roleId: ROLE_IDS.enterpriseAdmin, keys: [{ name: 'portal', token: 'admin' }] },
  { slug: 'portal-reader', name: 'Portal Read-only', roleId: ROLE_IDS.enterpriseMember, keys: [{ name: 'reader', token: 'reader' }] },
  {
    slug: 'portal-no-impersonation',
    name: 'Portal Without Impersonation',
    roleId: ROLE_IDS.enterpriseAdminNoImpersonation,
    keys: [{ name: 'automation', token: 'noImpersonate' }],
  },
  { slug: 'legacy-sync', name: 'Legacy Sync', roleId: ROLE_IDS.billingViewer, keys: [{ name: 'legacy', token: 'revoked', revokedDaysAgo: 20 }] },
  {
    slug: 'platform-ci',
    name: 'platform-ci',
    roleId: ROLE_IDS.orgMember,
    org: 'platform',
    keys: [{ name: 'ci-2025', revokedDaysAgo: 30 }, { name: 'ci', expiresInDays: 10 }],
  },
  { slug: 'payments-deploy-bot', name: 'payments-deploy-bot', roleId: ROLE_IDS.orgMember, org: 'payments', keys: [{ name: 'deploy' }] },
  { slug: 'data-notebooks', name: 'data-notebooks', roleId: ROLE_IDS.orgViewer, org: 'data', keys: [{ name: 'notebooks', expiresInDays: 200 }] },
];

export function seededServiceUserId(slug: string): string {
  return `service-user-${stableHex(`service-user:${slug}`, 24)}`;
}

const TITLES = [
  'Fix flaky checkout integration test',
  'Upgrade React Native to 0.76',
  'Add rate limiting to the payments webhook',
  'Migrate CI from Jenkins to GitHub Actions',
  'Write unit tests for the ledger reconciliation job',
  'Investigate memory leak in the ingestion worker',
  'Document the feature-flag rollout process',
  'Refactor auth middleware into a shared package',
  'Bump lodash to patch CVE-2021-23337',
  'Add dark mode to the settings page',
  'Speed up the nightly ETL by batching inserts',
  'Port the billing CLI to Python 3.12',
  'Add OpenTelemetry tracing to the API gateway',
  'Fix timezone bug in the weekly usage report',
  'Create a Terraform module for the staging VPC',
  'Review PR #482 for SQL injection risks',
  'Remove dead feature flags from the mobile app',
  'Add pagination to the admin user list',
  'Set up Dependabot for all services',
  'Investigate 502s from the image resizer',
  'Translate onboarding emails to French',
  'Add retry with backoff to the Slack notifier',
  'Convert the data notebooks to dbt models',
  'Harden S3 bucket policies',
];
const TAGS = ['bugfix', 'ci', 'migration', 'docs', 'frontend', 'backend', 'security', 'tests', 'flaky', 'release', 'infra', 'perf'];
const REPOS: Record<string, string[]> = {
  platform: ['acme/infra', 'acme/api-gateway', 'acme/ci-templates'],
  payments: ['acme/payments-service', 'acme/ledger'],
  data: ['acme/data-pipelines', 'acme/notebooks'],
  mobile: ['acme/mobile-app'],
  security: ['acme/infra', 'acme/secrets-scanner'],
  growth: ['acme/web', 'acme/emails'],
};
const ORG_WEIGHTS: Record<string, number> = { platform: 5, payments: 4, data: 3, mobile: 3, security: 2, growth: 2 };
const PLAYBOOKS = ['playbook-6f1c2a9e4b7d', 'playbook-0b9e47d2c813', 'playbook-a53f8e1d92c4'];

type SessionKind = 'finished' | 'terminated' | 'suspended' | 'error' | 'running';
const SESSION_KINDS: [SessionKind, number][] = [
  ['finished', 44],
  ['terminated', 6],
  ['suspended', 14],
  ['error', 6],
  ['running', 10],
];
const OUTCOME_OF: Record<SessionKind, RunOutcome> = { finished: 'exit', terminated: 'exit', suspended: 'suspended', error: 'error', running: 'exit' };

type Actor = { serviceUserId: string } | { userId: string };

/** Builds seeded audit entries; ids come from their own stream so they do not depend on other data. */
class History {
  readonly entries: AuditEntry[] = [];
  private readonly ids: Random;

  constructor(
    private readonly state: State,
    seed: number,
  ) {
    this.ids = randomFor(seed, 'audit-ids');
  }

  add(action: AuditAction, atSeconds: number, actor: Actor, orgId: string | null, data: Record<string, unknown>, onBehalfOf?: string): void {
    const serviceUser = 'serviceUserId' in actor ? this.state.serviceUsers.get(actor.serviceUserId) : undefined;
    const userId = 'userId' in actor ? actor.userId : (onBehalfOf ?? null);
    this.entries.push({
      audit_log_id: `audit-${this.ids.hex(24)}`,
      action,
      created_at: Math.floor(atSeconds),
      data,
      org_id: orgId,
      user_id: userId,
      user_email: userId ? (this.state.users.get(userId)?.email ?? null) : null,
      service_user_id: serviceUser?.id ?? null,
      service_user_name: serviceUser?.name ?? null,
    });
  }
}

export function seedState(options: ResolvedOptions): { state: State; tokens: SeededTokens } {
  const nowMs = options.now();
  const now = Math.floor(nowMs / 1000);
  const historyStart = dayStart(now) - HISTORY_DAYS * DAY_SECONDS;
  const state = new State(options.seed, options.sessionTimeline, historyStart);
  const history = new History(state, options.seed);

  for (const role of ROLES) state.roles.set(role.id, role);
  const tokens = seedServiceUsers(state, history, options, now);
  const portal: Actor = { serviceUserId: seededServiceUserId('portal') };
  seedDirectory(state, history, randomFor(options.seed, 'directory'), portal);
  seedExtraOrgs(state, history, randomFor(options.seed, 'extra-orgs'), options.extraOrgs, portal);
  seedSessions(state, history, randomFor(options.seed, 'sessions'), nowMs);
  seedUsage(state, randomFor(options.seed, 'usage'), now);
  seedLogins(state, history, randomFor(options.seed, 'logins'), now);
  seedExtraAudit(state, history, randomFor(options.seed, 'extra-audit'), options.extraAuditEntries, now);
  state.audit.load(history.entries);
  return { state, tokens };
}

function seedServiceUsers(state: State, history: History, options: ResolvedOptions, now: number): SeededTokens {
  const tokens: Partial<SeededTokens> = {};
  SERVICE_USERS.forEach((spec, i) => {
    const id = seededServiceUserId(spec.slug);
    const orgId = spec.org ? demoOrgId(spec.org) : null;
    // The portal's own service user predates the orgs it created; the others came after them.
    const createdAt = state.historyStart - (i === 0 ? 60 : 30 - i) * DAY_SECONDS;
    state.serviceUsers.set(id, { id, name: spec.name, assignments: [{ roleId: spec.roleId, orgId }], createdAt, expiresAt: null });
    const creator: Actor = { serviceUserId: i === 0 ? id : seededServiceUserId('portal') };
    history.add('create_service_user', createdAt, creator, orgId, { service_user_id: id, name: spec.name, role_id: spec.roleId });
    spec.keys.forEach((k, n) => {
      const key = {
        id: `apikey-${stableHex(`apikey:${spec.slug}:${n}`, 24)}`,
        name: k.name,
        serviceUserId: id,
        token: k.token === 'admin' ? options.adminToken : seededToken(options.seed, `${spec.slug}:${k.name}`),
        createdAt: createdAt + n * 7 * DAY_SECONDS,
        expiresAt: k.expiresInDays === undefined ? null : now + k.expiresInDays * DAY_SECONDS,
        revokedAt: k.revokedDaysAgo === undefined ? null : now - k.revokedDaysAgo * DAY_SECONDS,
        lastUsedAt: null,
      };
      state.addApiKey(key);
      if (k.token) tokens[k.token] = key.token;
      history.add('create_service_user_api_key', key.createdAt, creator, orgId, { service_user_id: id, api_key_id: key.id, api_key_name: key.name });
      if (key.revokedAt !== null) {
        history.add('revoke_service_user_api_key', key.revokedAt, creator, orgId, { service_user_id: id, api_key_id: key.id, api_key_name: key.name });
      }
    });
  });
  return tokens as SeededTokens;
}

function seedDirectory(state: State, history: History, rng: Random, portal: Actor): void {
  DEMO_ORGS.forEach((demo, i) => {
    const createdAt = state.historyStart - (50 - i * 2) * DAY_SECONDS + rng.int(0, 8 * 3600);
    const org: Org = {
      id: demoOrgId(demo.key),
      name: demo.name,
      createdAt,
      updatedAt: createdAt,
      maxCycleAcuLimit: demo.maxCycleAcuLimit,
      maxSessionAcuLimit: demo.maxSessionAcuLimit,
    };
    state.orgs.set(org.id, org);
    history.add('create_org', createdAt, portal, org.id, { org_id: org.id, name: org.name });
  });
  for (const key of IDP_MANAGED_ORGS) {
    state.idpGroups.set(`team-${key}`, { name: `team-${key}`, assignments: [{ roleId: ROLE_IDS.orgMember, orgId: demoOrgId(key) }] });
  }
  for (const person of DEMO_PEOPLE) {
    const user: User = { id: demoUserId(person.key), email: person.email, name: person.name, assignments: [], idpGroups: [...person.groups] };
    state.users.set(user.id, user);
    for (const { org, role } of person.orgs) {
      if (IDP_MANAGED_ORGS.includes(org)) continue;
      const orgId = demoOrgId(org);
      user.assignments.push({ roleId: ORG_ROLE_OF[role], orgId });
      const at = state.orgs.get(orgId)!.createdAt + rng.int(1, 40) * DAY_SECONDS;
      history.add('add_member', at, portal, orgId, { user_id: user.id, email: user.email, role_id: ORG_ROLE_OF[role] });
    }
  }
}

const EXTRA_ORG_WORDS = ['Atlas', 'Borealis', 'Cobalt', 'Delta', 'Ember', 'Fjord', 'Granite', 'Helix', 'Indigo', 'Juniper', 'Kepler', 'Lumen'];
const EXTRA_ORG_TEAMS = ['Apps', 'Platform', 'Data', 'Infra', 'Research', 'Support', 'Web', 'Tools'];

function seedExtraOrgs(state: State, history: History, rng: Random, count: number, portal: Actor): void {
  for (let i = 0; i < count; i++) {
    const createdAt = state.historyStart + rng.int(0, 40 * DAY_SECONDS);
    const org: Org = {
      id: `org-${rng.hex(12)}`,
      name: `${rng.pick(EXTRA_ORG_WORDS)} ${rng.pick(EXTRA_ORG_TEAMS)} ${String(i + 1).padStart(3, '0')}`,
      createdAt,
      updatedAt: createdAt,
      maxCycleAcuLimit: rng.pick([null, 500, 1000, 2500]),
      maxSessionAcuLimit: rng.pick([null, 20, 40]),
    };
    state.orgs.set(org.id, org);
    history.add('create_org', createdAt, portal, org.id, { org_id: org.id, name: org.name });
  }
}

/** Everyone who may work in an org: people directly or through a group, and the org's service users. */
function orgActors(state: State, orgId: string): { users: User[]; serviceUserIds: string[] } {
  return {
    users: [...state.users.values()].filter((u) => state.orgRolesOf(u, orgId).length > 0),
    serviceUserIds: [...state.serviceUsers.values()].filter((su) => su.assignments.some((a) => a.orgId === orgId)).map((su) => su.id),
  };
}

function seedSessions(state: State, history: History, rng: Random, nowMs: number): void {
  const portalId = seededServiceUserId('portal');
  const weighted = DEMO_ORGS.flatMap((o) => Array<string>(ORG_WEIGHTS[o.key] ?? 1).fill(o.key));
  const kinds = SESSION_KINDS.flatMap(([kind, n]) => Array<SessionKind>(n).fill(kind));
  const eventId = () => `event-${rng.hex(16)}`;

  for (const kind of kinds) {
    const orgKey = rng.pick(weighted);
    const org = state.orgs.get(demoOrgId(orgKey))!;
    const { users, serviceUserIds } = orgActors(state, org.id);
    const person = rng.pick(users);
    const via = rng.next();
    const [origin, userId, serviceUserId] =
      via < 0.35 ? ['webapp', person.id, null]
      : via < 0.45 ? ['slack', person.id, null]
      : via < 0.85 || serviceUserIds.length === 0 ? ['api', person.id, portalId]
      : [rng.pick(['api', 'automation']), null, rng.pick(serviceUserIds)];

    const workMs = kind === 'running' ? rng.int(2, 6) * HOUR_MS : rng.int(8, 180) * 60_000;
    let createdMs = kind === 'running' ? nowMs - rng.int(3, 90) * 60_000 : nowMs - Math.round(rng.float(0.2, 42) * DAY_MS);
    const queueMs = rng.int(3, 40) * 1000;
    const setupMs = rng.int(10, 90) * 1000;
    // A finished session must have finished: slide it back if its run would reach the present.
    if (kind !== 'running') createdMs = Math.min(createdMs, nowMs - queueMs - setupMs - workMs - 60_000);

    const title = rng.pick(TITLES);
    const repo = rng.pick(REPOS[orgKey] ?? ['acme/web']);
    const session: Session = {
      id: `devin-${rng.hex(32)}`,
      orgId: org.id,
      title,
      tags: rng.sample(TAGS, rng.int(0, 3)),
      userId,
      serviceUserId,
      origin,
      playbookId: rng.chance(0.2) ? rng.pick(PLAYBOOKS) : null,
      repos: [repo],
      acuCap: org.maxSessionAcuLimit,
      category: rng.pick(CATEGORIES),
      pullRequests: [],
      createdMs,
      touchedMs: createdMs,
      isArchived: false,
      terminatedMs: null,
      runs: [],
      messages: [{ id: eventId(), atMs: createdMs, source: 'user', text: `${title}. Work in ${repo} and open a PR when done.` }],
    };
    const runningMs = createdMs + queueMs + setupMs;
    const acus = (workMs / HOUR_MS) * 4 * rng.float(0.6, 1.4);
    const run = { startMs: createdMs, claimedMs: createdMs + queueMs, runningMs, endMs: runningMs + workMs, outcome: OUTCOME_OF[kind], acus, resumed: false };
    scheduleRun(session, run, eventId);

    const actor: Actor = serviceUserId ? { serviceUserId } : { userId: userId! };
    const onBehalfOf = serviceUserId && userId ? userId : undefined;
    history.add('create_session', createdMs / 1000, actor, org.id, { session_id: session.id, title, origin }, onBehalfOf);

    const stopMs = kind === 'terminated' ? runningMs + Math.round(workMs * rng.float(0.2, 0.8)) : undefined;
    const lastMs = stopMs ?? (kind === 'running' ? nowMs : run.endMs);
    if (rng.chance(0.35)) {
      const askedMs = runningMs + Math.round((lastMs - runningMs) * 0.4);
      session.messages.push(
        { id: eventId(), atMs: askedMs, source: 'user', text: 'Please also add a test that covers the edge case we discussed.' },
        { id: eventId(), atMs: askedMs + 45_000, source: 'devin', text: "Got it, I'll take that into account." },
      );
      history.add('send_message', askedMs / 1000, actor, org.id, { session_id: session.id }, onBehalfOf);
    }
    if (stopMs !== undefined) {
      stopRun(session, stopMs, 'terminate');
      session.terminatedMs = stopMs;
      history.add('terminate_session', stopMs / 1000, actor, org.id, { session_id: session.id, archive: false }, onBehalfOf);
    }
    if (kind === 'finished' && rng.chance(0.65)) {
      session.pullRequests.push({ pr_url: `https://github.com/${repo}/pull/${rng.int(100, 4999)}`, pr_state: rng.pick(['merged', 'merged', 'open', 'closed']) });
    } else if (kind === 'running' && rng.chance(0.3)) {
      session.pullRequests.push({ pr_url: `https://github.com/${repo}/pull/${rng.int(100, 4999)}`, pr_state: rng.pick(['open', null]) });
    }
    if (kind !== 'running' && rng.chance(0.2)) {
      session.isArchived = true;
      session.touchedMs = Math.min(nowMs, lastMs + rng.int(1, 48) * HOUR_MS);
      history.add('sleep_session', session.touchedMs / 1000, actor, org.id, { session_id: session.id, archived: true }, onBehalfOf);
    }
    state.sessions.set(session.id, session);
  }
}

/**
 * Background usage for every day of history: per person and service user in
 * the demo orgs, per org in generated ones; weekends are quiet.
 */
function seedUsage(state: State, rng: Random, now: number): void {
  const today = dayStart(now);
  const demoOrgIds = new Set(DEMO_ORGS.map((o) => demoOrgId(o.key)));
  for (const org of state.orgs.values()) {
    const { users, serviceUserIds } = orgActors(state, org.id);
    const actors = demoOrgIds.has(org.id)
      ? [...users.map((u) => ({ userId: u.id, serviceUserId: null })), ...serviceUserIds.map((id) => ({ userId: null, serviceUserId: id }))]
      : [{ userId: null, serviceUserId: null }];
    const scale = demoOrgIds.has(org.id) ? 1 : 3;
    for (let day = Math.max(state.historyStart, dayStart(org.createdAt)); day <= today; day += DAY_SECONDS) {
      const weekday = new Date((day - 8 * 3600) * 1000).getUTCDay();
      const quiet = weekday === 0 || weekday === 6 ? 0.15 : 1;
      for (const actor of actors) {
        const add = (product: 'devin' | 'cascade' | 'terminal', p: number, max: number) => {
          if (rng.chance(p * quiet)) state.usage.add({ day, orgId: org.id, ...actor, product, acus: rng.float(0.05, max) * scale });
        };
        add('devin', 0.55, 6);
        add('cascade', 0.4, 2.5);
        add('terminal', 0.25, 0.8);
      }
    }
  }
}

function seedLogins(state: State, history: History, rng: Random, now: number): void {
  for (const user of state.users.values()) {
    for (let at = state.historyStart + rng.int(0, 5 * DAY_SECONDS); at < now; at += rng.int(2, 8) * DAY_SECONDS) {
      history.add('login', at, { userId: user.id }, null, { method: 'sso' });
    }
  }
}

const FILLER_ACTIONS: AuditAction[] = [
  'login', 'create_session', 'send_message', 'terminate_session', 'sleep_session', 'search_query', 'create_knowledge',
  'edit_knowledge', 'create_playbook', 'update_playbook', 'create_secret', 'update_org_settings', 'add_member',
];

/** Bulk history for benchmarks, inside the last 90 days so a 100-day window can reach all of it. */
function seedExtraAudit(state: State, history: History, rng: Random, count: number, now: number): void {
  if (count === 0) return;
  const orgIds = [...state.orgs.keys()];
  const userIds = [...state.users.keys()];
  const portal: Actor = { serviceUserId: seededServiceUserId('portal') };
  for (let i = 0; i < count; i++) {
    const action = rng.pick(FILLER_ACTIONS);
    const actor: Actor = rng.chance(0.5) ? { userId: rng.pick(userIds) } : portal;
    const data = action.includes('session') || action === 'send_message' ? { session_id: `devin-${rng.hex(32)}` } : {};
    history.add(action, now - rng.int(0, 90 * DAY_SECONDS), actor, action === 'login' ? null : rng.pick(orgIds), data);
  }
}
