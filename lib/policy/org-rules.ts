import * as z from 'zod/mini';
import { normalizeOrgName, ORG_REASON_MAX, sessionWithinCycle, type OrgPolicy } from './org-policy';

/*
 * What a person sends to request an org, and what an admin sends to edit one: the one set of rules the forms check
 * before sending and the routes enforce. zod/mini, loaded by the forms only when someone starts filling one in
 * (./org-policy → loadOrgRules), so no page ships zod with its first load.
 */

const acus = (label: string, max: number) =>
  z
    .number({ error: `Enter the ${label} as a whole number of ACUs` })
    .check(
      z.int({ error: 'Use a whole number of ACUs' }),
      z.minimum(1, { error: 'Must be at least 1 ACU' }),
      z.maximum(max, { error: `Policy allows at most ${max.toLocaleString('en-US')} ACUs` }),
    );

/** The fields of an org request, validated against the policy; the client form and the API share them. */
export function orgRequestShape(policy: OrgPolicy) {
  const pattern = new RegExp(policy.namePattern, 'u');
  return {
    name: z.pipe(
      z.pipe(z.string({ error: 'Enter a name' }), z.transform(normalizeOrgName)),
      z.string().check(z.minLength(1, { error: 'Enter a name' }), z.regex(pattern, { error: `Use ${policy.nameHint}` })),
    ),
    maxCycleAcuLimit: acus('cycle limit', policy.maxCycleAcu),
    maxSessionAcuLimit: acus('session limit', policy.maxSessionAcu),
    reason: z
      .string({ error: 'Say what the org is for' })
      .check(
        z.trim(),
        z.minLength(5, { error: 'Say in a few words what the org is for' }),
        z.maxLength(ORG_REASON_MAX, { error: `Keep it under ${ORG_REASON_MAX} characters` }),
      ),
  };
}

/** What a person fills in to request an org. */
export function orgRequestInputSchema(policy: OrgPolicy) {
  return z.object(orgRequestShape(policy)).check(z.refine(...sessionWithinCycle));
}

export type OrgRequestInput = z.infer<ReturnType<typeof orgRequestInputSchema>>;

const adminAcus = z.nullable(
  z
    .number({ error: 'Enter a whole number of ACUs, or leave empty for no limit' })
    .check(
      z.int({ error: 'Use a whole number of ACUs' }),
      z.minimum(0, { error: 'Cannot be negative' }),
      z.maximum(100_000_000, { error: 'That is more ACUs than Devin accepts' }),
    ),
);

/** An admin's edit of an existing org: any subset of name and limits; null clears a limit. Admins are not held to the request maxima. */
export function orgUpdateSchema(policy: Pick<OrgPolicy, 'namePattern' | 'nameHint'>) {
  const pattern = new RegExp(policy.namePattern, 'u');
  return z
    .object({
      name: z.optional(z.pipe(z.pipe(z.string(), z.transform(normalizeOrgName)), z.string().check(z.regex(pattern, { error: `Use ${policy.nameHint}` })))),
      maxCycleAcuLimit: z.optional(adminAcus),
      maxSessionAcuLimit: z.optional(adminAcus),
    })
    .check(
      z.refine((v) => v.name !== undefined || v.maxCycleAcuLimit !== undefined || v.maxSessionAcuLimit !== undefined, {
        error: 'Change at least one of name, cycle limit or session limit',
      }),
      z.refine((v) => v.maxSessionAcuLimit == null || v.maxCycleAcuLimit == null || v.maxSessionAcuLimit <= v.maxCycleAcuLimit, {
        path: ['maxSessionAcuLimit'],
        error: 'A session cannot be allowed more ACUs than the whole cycle',
      }),
    );
}

export type OrgUpdate = z.infer<ReturnType<typeof orgUpdateSchema>>;
