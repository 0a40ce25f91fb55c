import 'server-only';
import { decodeCursor, encodeCursor } from '@/lib/cursor';
import { z } from 'zod';
import { getOrgAccess } from '@/lib/access/org-access';
import { toApiError } from '@/lib/api/errors';
import type { PortalUser } from '@/lib/auth/types';
import { getDevinClient } from '@/lib/upstream';
import type { Session } from '@/lib/upstream/types';
import { forEachWithConcurrency } from '@/lib/concurrency';
import { toSessionDto } from './map';
import { checkOrgStandings, loadSessionOrgs, READ_CONCURRENCY } from './orgs';
import type { ListSessionsQuery, SessionsPageDto } from './schemas';
import { matchesStatusFilter, type StatusFilter } from './status';

/** Upstream pages read per org for one portal page when the status filter (which Devin cannot apply) thins them out. */
const MAX_SCANS_ONE_ORG = 4;
const MAX_SCANS_PER_ORG = 2;

/** Where each org's listing stands: its upstream cursor, or null for "from the start". Orgs that are done are left out. */
type Position = [orgId: string, after: string | null][];

/**
 * The portal's cursor over the listing: the position, how many sessions the earlier pages showed, and Devin's
 * totals for the orgs already done (null when one of them gave none), so every page can say where it is.
 */
interface ListCursor {
  p: Position;
  n: number;
  d: number | null;
}

/**
 * Sessions in one org, or across every org the person belongs to ("my orgs"),
 * newest first, filtered and cursor-paged. Across orgs each page holds one
 * upstream page per org; an org that fails is reported and the others listed.
 */
export async function listSessions(user: PortalUser, q: ListSessionsQuery): Promise<SessionsPageDto> {
  const access = await getOrgAccess(user);
  // Devin does not know the person yet, so nothing can be theirs.
  if (q.mine && !access.devinUserId) return { items: [], endCursor: null, hasNextPage: false, orgs: [], failures: [], offset: 0, total: 0 };
  const scope = q.org ? [q.org] : [...access.memberships.keys()];
  const cursor: ListCursor = q.after ? decodeCursor(q.after, cursorSchema(scope)) : { p: scope.map((orgId): Position[number] => [orgId, null]), n: 0, d: 0 };
  const position = cursor.p;

  const orgIds = position.map(([orgId]) => orgId);
  await checkOrgStandings(user, orgIds, 'viewer');
  // Names (for the table and failures) come alongside the sessions, never before them.
  const orgsLoaded = loadSessionOrgs(orgIds, 'directory');
  orgsLoaded.catch(() => undefined);
  const filters = {
    tags: q.tag ? [q.tag] : undefined,
    userIds: q.mine && access.devinUserId ? [access.devinUserId] : undefined,
    createdAfter: q.from ? startOfDay(q.from) : undefined,
    createdBefore: q.to ? startOfDay(q.to) + 86_400 : undefined,
    isArchived: q.archived ? undefined : false,
  };
  const single = q.org !== undefined;

  const items: Session[] = [];
  const next: Position = [];
  const failures: SessionsPageDto['failures'] = [];
  // Devin counts what it filters; the status filter is the portal's own, so with it there is no total to give.
  let total: number | null = q.status ? null : cursor.d;
  let doneTotal: number | null = cursor.d;
  await forEachWithConcurrency(
    position,
    READ_CONCURRENCY,
    ([orgId, after]) => scanOrg(orgId, after, filters, q.status, q.first, single ? MAX_SCANS_ONE_ORG : MAX_SCANS_PER_ORG),
    ([orgId], outcome) => {
      if (outcome.status === 'rejected') {
        if (single) throw outcome.reason;
        failures.push({ orgId, name: orgId, message: toApiError(outcome.reason).message });
        return;
      }
      items.push(...outcome.value.items);
      const orgTotal = outcome.value.total;
      if (total !== null) total = orgTotal === null ? null : total + orgTotal;
      if (outcome.value.after) next.push([orgId, outcome.value.after]);
      else doneTotal = doneTotal === null || orgTotal === null ? null : doneTotal + orgTotal;
    },
  );
  if (failures.length) total = null;
  items.sort((a, b) => b.createdAt - a.createdAt || (a.sessionId < b.sessionId ? 1 : -1));
  const orgs = await orgsLoaded;
  const nameOf = new Map(orgs.map((o) => [o.orgId, o.name]));
  for (const failure of failures) failure.name = nameOf.get(failure.orgId) ?? failure.orgId;
  return {
    items: items.map((s) => toSessionDto(s, access.devinUserId)),
    endCursor: next.length ? encodeCursor({ p: next, n: cursor.n + items.length, d: doneTotal } satisfies ListCursor) : null,
    hasNextPage: next.length > 0,
    orgs: orgs.map(({ orgId, name }) => ({ orgId, name })),
    failures,
    offset: cursor.n,
    total,
  };
}

/** Reads upstream pages until `want` sessions pass the status filter, Devin runs out, or the scan budget is spent. */
async function scanOrg(
  orgId: string,
  after: string | null,
  filters: { tags?: string[]; userIds?: string[]; createdAfter?: number; createdBefore?: number; isArchived?: boolean },
  status: StatusFilter | undefined,
  want: number,
  maxScans: number,
): Promise<{ items: Session[]; after: string | null; total: number | null }> {
  const devin = getDevinClient();
  const items: Session[] = [];
  let cursor = after;
  let total: number | null = null;
  for (let scan = 0; scan < maxScans && items.length < want; scan++) {
    // Asking only for what is still missing keeps the cursor exact: nothing read is ever skipped.
    const page = await devin.sessions.list(orgId, { ...filters, first: want - items.length, after: cursor });
    // Devin's total is the whole filtered list's ("optional, can be omitted for performance"); the latest read wins.
    total = page.total;
    items.push(...page.items.filter((s) => matchesStatusFilter(s.status, status)));
    if (!page.hasNextPage || !page.endCursor) return { items, after: null, total };
    cursor = page.endCursor;
  }
  return { items, after: cursor, total };
}

function startOfDay(isoDate: string): number {
  return Date.parse(`${isoDate}T00:00:00Z`) / 1000;
}

/** A cursor names only orgs in the current scope; anything else means it was tampered with or outlived a filter change. */
function cursorSchema(scope: string[]) {
  return z.object({
    p: z.array(z.tuple([z.string().refine((orgId) => scope.includes(orgId)), z.string().nullable()])).min(1),
    n: z.number().int().min(0),
    d: z.number().int().min(0).nullable(),
  });
}
