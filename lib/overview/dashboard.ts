import 'server-only';
import { getPortalSelf } from '@/lib/access/portal-identity';
import type { PortalUser } from '@/lib/auth/types';
import { getConsumptionOverview, getCurrentCycle, listOrgConsumption } from '@/lib/consumption/consumption';
import type { TimeRange } from '@/lib/consumption/range';
import type { ConsumptionOverviewDto, Forecast } from '@/lib/consumption/schemas';
import type { OrgRequestView } from '@/lib/orgs/dto';
import { listOrgRequests } from '@/lib/orgs/org-requests';
import { listAllVisibleOrgs } from '@/lib/orgs/visible-orgs';
import { listSessions } from '@/lib/sessions/list';
import { toListSearch } from '@/lib/sessions/list-query';
import { listSessionsQuerySchema } from '@/lib/sessions/schemas';

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The overview's loaders: each panel calls one, so a slow or failing source holds up only its own panel. */

export interface MyOrgStanding {
  orgId: string;
  name: string;
  roleName: string | null;
  cap: number | null;
  /** This cycle's use and its projection; null when Devin's figures for this org could not be read (`error` says why). */
  forecast: Forecast | null;
  error: string | null;
}

/** The orgs the person belongs to (for admins too: their own, not every org), with this cycle's use against the cap. */
export async function loadMyOrgStanding(
  user: PortalUser,
): Promise<{ orgs: MyOrgStanding[]; cycle: TimeRange; visibleCount: number; asOf: number }> {
  const [visible, cycle] = await Promise.all([listAllVisibleOrgs(user), getCurrentCycle()]);
  const mine = visible.filter((o) => o.membership !== null);
  const rows = await listOrgConsumption(user, cycle, cycle);
  const byId = new Map(rows.map((r) => [r.orgId, r]));
  return {
    cycle,
    asOf: nowSeconds(),
    visibleCount: visible.length,
    orgs: mine.map((org) => {
      const row = byId.get(org.orgId);
      return {
        orgId: org.orgId,
        name: org.name,
        roleName: org.membership?.roleName ?? null,
        cap: org.maxCycleAcuLimit,
        forecast: row?.forecast ?? null,
        error: row?.error ?? (row ? null : 'No figures for this organization.'),
      };
    }),
  };
}

export const RECENT_SESSIONS = 5;

/** The person's own newest sessions, across their orgs, plus the list query that keeps them live in the browser. */
export async function loadMyRecentSessions(user: PortalUser) {
  const query = listSessionsQuerySchema.parse({ mine: 'true', first: String(RECENT_SESSIONS) });
  const page = await listSessions(user, query);
  return { page, search: toListSearch(query, null) };
}

/** Requests waiting for an admin, oldest first. Admins only. */
export async function loadPendingApprovals(user: PortalUser, first = 5): Promise<{ items: OrgRequestView[]; more: boolean }> {
  const page = await listOrgRequests(user, { queue: 'pending', first });
  return { items: page.items, more: page.hasNextPage };
}

/** This billing cycle so far: the enterprise for admins, the person's orgs for everyone else. */
export async function loadCycleSpend(user: PortalUser): Promise<ConsumptionOverviewDto & { asOf: number }> {
  const cycle = await getCurrentCycle();
  return { ...(await getConsumptionOverview(user, cycle, cycle)), asOf: nowSeconds() };
}

/** The service identity the portal calls Devin with. */
export function loadActingAs() {
  return getPortalSelf();
}
