import 'server-only';
import { getDevinClient } from '@/lib/upstream';
import type { ConsumptionCycle, Session } from '@/lib/upstream/types';

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
