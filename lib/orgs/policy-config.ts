import 'server-only';
import { env } from '@/lib/env';
import type { OrgPolicy } from '@/lib/policy/org-policy';

/** The self-service org policy as configured (ORG_* variables, with demo-friendly defaults). */
export function getOrgPolicy(): OrgPolicy {
  const e = env();
  return {
    namePattern: e.ORG_NAME_PATTERN,
    nameHint: e.ORG_NAME_HINT,
    maxCycleAcu: e.ORG_MAX_CYCLE_ACU,
    maxSessionAcu: e.ORG_MAX_SESSION_ACU,
    autoApproveCycleAcu: e.ORG_AUTO_APPROVE_CYCLE_ACU,
    maxPerPerson: e.ORG_MAX_PER_PERSON,
    requestTtlHours: e.ORG_REQUEST_TTL_HOURS,
  };
}
