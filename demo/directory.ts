/**
 * The demo enterprise: the same people are employees in the local IdP and
 * users in the Devin emulator, so a demo sign-in maps onto real Devin data.
 * Everything here is deterministic; nothing in it is a secret.
 */

export const DEMO_PASSWORD = 'devin-demo';
export const PORTAL_ADMIN_GROUP = 'portal-admins';
export const DEMO_EMAIL_DOMAIN = 'acme.test';

export type DemoOrgRole = 'org_admin' | 'org_member';

export interface DemoOrg {
  /** Stable key, used to derive the emulator's `org-…` id. */
  key: string;
  name: string;
  maxCycleAcuLimit: number | null;
  maxSessionAcuLimit: number | null;
}

export interface DemoPerson {
  /** Stable key, used as the IdP subject and to derive the Devin user id. */
  key: string;
  name: string;
  email: string;
  /** The IdP `groups` claim. */
  groups: string[];
  /** Devin org memberships (direct role assignments in the emulator). */
  orgs: { org: string; role: DemoOrgRole }[];
  /** Shown on the demo banner: the accounts worth signing in with. */
  featured?: string;
}

export const DEMO_ORGS: DemoOrg[] = [
  { key: 'platform', name: 'Platform Engineering', maxCycleAcuLimit: 5000, maxSessionAcuLimit: 50 },
  { key: 'payments', name: 'Payments', maxCycleAcuLimit: 3000, maxSessionAcuLimit: 40 },
  { key: 'data', name: 'Équipe de Science des Données', maxCycleAcuLimit: 2000, maxSessionAcuLimit: 30 },
  { key: 'mobile', name: 'Mobile Apps', maxCycleAcuLimit: 2500, maxSessionAcuLimit: 40 },
  { key: 'security', name: 'Security', maxCycleAcuLimit: 1500, maxSessionAcuLimit: 25 },
  { key: 'growth', name: 'Growth', maxCycleAcuLimit: null, maxSessionAcuLimit: null },
];

const FEATURED: DemoPerson[] = [
  {
    key: 'alice',
    name: 'Alice Martin',
    email: `alice@${DEMO_EMAIL_DOMAIN}`,
    groups: [PORTAL_ADMIN_GROUP, 'team-platform'],
    orgs: [{ org: 'platform', role: 'org_admin' }],
    featured: 'portal admin: sees every org, approves requests, reads the audit log',
  },
  {
    key: 'bob',
    name: 'Bob Okafor',
    email: `bob@${DEMO_EMAIL_DOMAIN}`,
    groups: ['team-payments', 'team-mobile'],
    orgs: [
      { org: 'payments', role: 'org_admin' },
      { org: 'mobile', role: 'org_member' },
    ],
    featured: 'team lead: Payments (admin) and Mobile Apps (member)',
  },
  {
    key: 'carol',
    name: 'Carol Nguyễn',
    email: `carol@${DEMO_EMAIL_DOMAIN}`,
    groups: ['team-data'],
    orgs: [{ org: 'data', role: 'org_member' }],
    featured: 'member of one org (Équipe de Science des Données)',
  },
  {
    key: 'dave',
    name: 'Dave Kowalski',
    email: `dave@${DEMO_EMAIL_DOMAIN}`,
    groups: [],
    orgs: [],
    featured: 'new joiner: in no Devin org yet',
  },
];

const FIRST = ['Amara', 'Ben', 'Chloé', 'Diego', 'Elif', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kavya', 'Liam', 'Maja', 'Noah', 'Olga', 'Pedro'];
const LAST = ['Sato', 'Ivanova', 'Dubois', 'García', 'Yılmaz', 'Haddad', 'Kim', 'Müller', 'Rossi', 'Smith'];

/** 32 further employees spread over the orgs, two at most each. */
function generatedPeople(): DemoPerson[] {
  const people: DemoPerson[] = [];
  for (let i = 0; i < 32; i++) {
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[(i * 3) % LAST.length]!;
    const key = `${first}.${last}`
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/ı/g, 'i')
      .toLowerCase();
    const primary = DEMO_ORGS[i % DEMO_ORGS.length]!;
    const secondary = i % 4 === 0 ? DEMO_ORGS[(i + 2) % DEMO_ORGS.length] : undefined;
    const orgs: DemoPerson['orgs'] = [{ org: primary.key, role: i % 7 === 0 ? 'org_admin' : 'org_member' }];
    if (secondary) orgs.push({ org: secondary.key, role: 'org_member' });
    people.push({
      key,
      name: `${first} ${last}`,
      email: `${key}@${DEMO_EMAIL_DOMAIN}`,
      groups: orgs.map((o) => `team-${o.org}`),
      orgs,
    });
  }
  return people;
}

export const DEMO_PEOPLE: DemoPerson[] = [...FEATURED, ...generatedPeople()];

export function findDemoPerson(key: string): DemoPerson | undefined {
  return DEMO_PEOPLE.find((p) => p.key === key);
}
