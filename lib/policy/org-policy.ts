import { loadOnce } from '@/lib/forms/load-once';
import type { OrgRequestInput } from './org-rules';

/*
 * The self-service org policy as plain data and functions, safe for any page. The rules that validate a request or
 * an edit are in ./org-rules (zod/mini): the routes import them, the forms load them on demand (loadOrgRules).
 */

/** The self-service org policy, from configuration. Plain data, so the request form can validate with it too. */
export interface OrgPolicy {
  /** JavaScript regular expression (u flag) a name must match. */
  namePattern: string;
  /** The naming rule in words, shown when a name does not match. */
  nameHint: string;
  maxCycleAcu: number;
  maxSessionAcu: number;
  /** Requests whose cycle limit is at or below this are created at once. */
  autoApproveCycleAcu: number;
  /** How many orgs one person may have created or pending at a time. */
  maxPerPerson: number;
  requestTtlHours: number;
}

export const ORG_REASON_MAX = 1_000;

/** NFC, trimmed, inner whitespace collapsed: "Équipe" typed on a Mac and on Windows is the same name. */
export function normalizeOrgName(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ');
}

/** The key two names collide on: case- and accent-insensitive, so "Equipe" and "équipe" are one name. */
export function orgNameKey(name: string): string {
  return normalizeOrgName(name).normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('und');
}

/** The cross-field rule: a session may not be allowed more than the whole cycle. */
export const sessionWithinCycle: [(v: { maxCycleAcuLimit: number; maxSessionAcuLimit: number }) => boolean, { path: string[]; error: string }] = [
  (v) => v.maxSessionAcuLimit <= v.maxCycleAcuLimit,
  { path: ['maxSessionAcuLimit'], error: 'A session cannot be allowed more ACUs than the whole cycle' },
];

export type OrgDecision = 'create-now' | 'needs-approval';

/** Within the auto-approve threshold an org is created at once; above it an admin must approve. */
export function decideOrgRequest(policy: OrgPolicy, input: Pick<OrgRequestInput, 'maxCycleAcuLimit'>): OrgDecision {
  return input.maxCycleAcuLimit <= policy.autoApproveCycleAcu ? 'create-now' : 'needs-approval';
}

export type { OrgRequestInput, OrgUpdate } from './org-rules';

/** The forms' validation rules (the routes' own), loaded when a form is first focused or submitted. */
export const loadOrgRules = loadOnce(() => import('./org-rules'));

/** Starts loading the rules (focus handler): by the time the form is sent they are there. A failure shows on submit. */
export function preloadOrgRules(): void {
  loadOrgRules().catch(() => undefined);
}
