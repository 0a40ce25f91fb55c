import { z } from 'zod';

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

const acus = (label: string, max: number) =>
  z
    .number({ error: `Enter the ${label} as a whole number of ACUs` })
    .int({ error: 'Use a whole number of ACUs' })
    .min(1, { error: 'Must be at least 1 ACU' })
    .max(max, { error: `Policy allows at most ${max.toLocaleString('en-US')} ACUs` });

/** The fields of an org request, validated against the policy; the client form and the API share them. */
export function orgRequestShape(policy: OrgPolicy) {
  const pattern = new RegExp(policy.namePattern, 'u');
  return {
    name: z
      .string({ error: 'Enter a name' })
      .transform(normalizeOrgName)
      .pipe(z.string().min(1, { error: 'Enter a name' }).regex(pattern, { error: `Use ${policy.nameHint}` })),
    maxCycleAcuLimit: acus('cycle limit', policy.maxCycleAcu),
    maxSessionAcuLimit: acus('session limit', policy.maxSessionAcu),
    reason: z
      .string({ error: 'Say what the org is for' })
      .trim()
      .min(5, { error: 'Say in a few words what the org is for' })
      .max(ORG_REASON_MAX, { error: `Keep it under ${ORG_REASON_MAX} characters` }),
  };
}

/** The cross-field rule: a session may not be allowed more than the whole cycle. */
export const sessionWithinCycle: [(v: { maxCycleAcuLimit: number; maxSessionAcuLimit: number }) => boolean, { path: string[]; error: string }] = [
  (v) => v.maxSessionAcuLimit <= v.maxCycleAcuLimit,
  { path: ['maxSessionAcuLimit'], error: 'A session cannot be allowed more ACUs than the whole cycle' },
];

/** What a person fills in to request an org. */
export function orgRequestInputSchema(policy: OrgPolicy) {
  return z.object(orgRequestShape(policy)).refine(...sessionWithinCycle);
}

export type OrgRequestInput = z.infer<ReturnType<typeof orgRequestInputSchema>>;

export type OrgDecision = 'create-now' | 'needs-approval';

/** Within the auto-approve threshold an org is created at once; above it an admin must approve. */
export function decideOrgRequest(policy: OrgPolicy, input: Pick<OrgRequestInput, 'maxCycleAcuLimit'>): OrgDecision {
  return input.maxCycleAcuLimit <= policy.autoApproveCycleAcu ? 'create-now' : 'needs-approval';
}

const adminAcus = z
  .number({ error: 'Enter a whole number of ACUs, or leave empty for no limit' })
  .int({ error: 'Use a whole number of ACUs' })
  .min(0, { error: 'Cannot be negative' })
  .max(100_000_000, { error: 'That is more ACUs than Devin accepts' })
  .nullable();

/** An admin's edit of an existing org: any subset of name and limits; null clears a limit. Admins are not held to the request maxima. */
export function orgUpdateSchema(policy: Pick<OrgPolicy, 'namePattern' | 'nameHint'>) {
  const pattern = new RegExp(policy.namePattern, 'u');
  return z
    .object({
      name: z.string().transform(normalizeOrgName).pipe(z.string().regex(pattern, { error: `Use ${policy.nameHint}` })).optional(),
      maxCycleAcuLimit: adminAcus.optional(),
      maxSessionAcuLimit: adminAcus.optional(),
    })
    .refine((v) => v.name !== undefined || v.maxCycleAcuLimit !== undefined || v.maxSessionAcuLimit !== undefined, {
      error: 'Change at least one of name, cycle limit or session limit',
    })
    .refine((v) => v.maxSessionAcuLimit == null || v.maxCycleAcuLimit == null || v.maxSessionAcuLimit <= v.maxCycleAcuLimit, {
      path: ['maxSessionAcuLimit'],
      error: 'A session cannot be allowed more ACUs than the whole cycle',
    });
}

export type OrgUpdate = z.infer<ReturnType<typeof orgUpdateSchema>>;
