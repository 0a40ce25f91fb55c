import 'server-only';
import type { OrgMembership } from '@/lib/access/org-access';
import type { OrgStanding } from '@/lib/access/resolve';
import { getDevinClient } from '@/lib/upstream';
import type { ConsumptionCycle, Organization, Session } from '@/lib/upstream/types';

const now = () => Math.floor(Date.now() / 1000);

/** ACUs the org has used in the current billing cycle (the cycle holding now, else the latest one Devin lists). */
export async function loadCycleConsumption(orgId: string): Promise<{ used: number; cycle: ConsumptionCycle | null }> {
  const devin = getDevinClient();
  const t = now();
  const cycles = await devin.consumption.cycles({ first: 200 });
  const cycle =
    cycles.items.find((c) => c.after <= t && t < c.before) ?? [...cycles.items].sort((a, b) => b.after - a.after)[0] ?? null;
  const usage = await devin.consumption.orgDaily(orgId, cycle ? { timeAfter: cycle.after, timeBefore: Math.min(cycle.before, t) } : {});
  return { used: usage.totalAcus, cycle };
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
