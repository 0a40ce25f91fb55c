import { DEMO_ORGS, DEMO_PEOPLE, type DemoOrgRole } from '../demo/directory';
import { DAY_SECONDS, dayStart } from './consumption';
import { demoOrgId, demoUserId, seededServiceUserId } from './ids';
import type { ResolvedOptions } from './options';
import { ENTERPRISE_PERMISSIONS, ORG_PERMISSIONS, type Permission } from './permissions';
import { randomFor, stableHex, type Random } from './random';
import { History, seedExtraAudit, seedLogins, type Actor } from './seed-history';
import { seedSessions } from './seed-sessions';
import { seedUsage } from './seed-usage';
import { State, type Org, type Role, type User } from './state';
import { seededToken } from './tokens';

/*
 * The seeded demo enterprise. Everything derives from the seed and the clock
 * at seeding time: the same seed and clock give the same enterprise, byte for
 * byte. Orgs and people come from the shared demo directory.
 */

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

type SeededTokenName = 'admin' | 'reader' | 'noImpersonate' | 'revoked';
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

