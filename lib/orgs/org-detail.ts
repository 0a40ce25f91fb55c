import 'server-only';
import type { OrgMembership } from '@/lib/access/org-access';
import type { OrgStanding } from '@/lib/access/resolve';
import { getCurrentCycle, getOrgConsumption } from '@/lib/consumption/consumption';
import { getDevinClient } from '@/lib/upstream';
import type { ConsumptionCycle, Organization, Session } from '@/lib/upstream/types';

/**
 * ACUs the org has used in the current billing cycle: the same cycle and the same cached figures as the
 * Consumption page (each kept for a minute), so both agree and a warm org page needs no consumption read.
 */
export async function loadCycleConsumption(orgId: string): Promise<{ used: number; cycle: ConsumptionCycle }> {
  const cycle = await getCurrentCycle();
  const usage = await getOrgConsumption(orgId, cycle);
  return { used: usage.totalAcus, cycle: { after: cycle.timeAfter, before: cycle.timeBefore } };
}

/** The org's five newest sessions (Devin lists newest first). */
export async function loadRecentSessions(orgId: string): Promise<Session[]> {
  return (await getDevinClient().sessions.list(orgId, { first: 5 })).items;
}

/** One org with the person's membership in it, for the org route and page; call after resolving 'org-member'. */
export async function loadOrgForMember(org: OrgStanding): Promise<Organization & { membership: OrgMembership | null }> {
  const found = await getDevinClient().organizations.get(org.orgId);
  return { ...found, membership: org.membership };
}
