import 'server-only';
import { decodeCursor, encodeCursor } from '@/lib/cursor';
import { z } from 'zod';
import type { PortalUser } from '@/lib/auth/types';
import { getOrgAccess, type OrgMembership } from '@/lib/access/org-access';
import { orgNameKey } from '@/lib/policy/org-policy';
import { listAllOrgsCached } from './org-cache';
import { getDevinClient } from '@/lib/upstream';
import { UpstreamError } from '@/lib/upstream/errors';
import { mapPage } from '@/lib/upstream/pagination';
import type { Organization, Page } from '@/lib/upstream/types';

export interface VisibleOrg extends Organization {
  /** The person's own role there; null for admins who are not members. */
  membership: OrgMembership | null;
}

const UPSTREAM_PAGE = 200;

/**
 * The orgs a person may see, one cursor page at a time, optionally filtered by a search over names
 * (case- and accent-insensitive) and ids. Admins page through every org upstream; members get their
 * own orgs, fetched in parallel.
 */
export async function listVisibleOrgs(
  user: PortalUser,
  page: { first?: number; after?: string | null; q?: string | null } = {},
): Promise<Page<VisibleOrg>> {
  const first = page.first ?? 50;
  const q = page.q?.trim() || null;
  const access = await getOrgAccess(user);
  const withRole = (org: Organization): VisibleOrg => ({ ...org, membership: access.memberships.get(org.orgId) ?? null });
  if (!access.allOrgs) return pageInMemory(await ownOrgs([...access.memberships.values()]), first, page.after, q);
  if (!q) {
    const result = await getDevinClient().organizations.list({ first, after: page.after ?? null });
    return mapPage(result, withRole);
  }
  const found = await searchAllOrgs(q, first, page.after ?? null);
  return mapPage(found, withRole);
}

/** Every org the person may see, in full (for pickers, filters and name look-ups): all of them for admins, their own for members. */
export async function listAllVisibleOrgs(user: PortalUser): Promise<VisibleOrg[]> {
  const access = await getOrgAccess(user);
  if (!access.allOrgs) return ownOrgs([...access.memberships.values()]);
  const orgs = await listAllOrgsCached();
  return orgs.map((org) => ({ ...org, membership: access.memberships.get(org.orgId) ?? null }));
}

async function ownOrgs(memberships: OrgMembership[]): Promise<VisibleOrg[]> {
  const devin = getDevinClient();
  const orgs = await Promise.all(
    memberships.map(async (membership): Promise<VisibleOrg | null> => {
      try {
        return { ...(await devin.organizations.get(membership.orgId)), membership };
      } catch (err) {
        // A membership can outlive its org for the length of the access cache.
        if (err instanceof UpstreamError && err.status === 404) return null;
        throw err;
      }
    }),
  );
  return orgs.filter((o): o is VisibleOrg => o !== null).sort((a, b) => a.name.localeCompare(b.name));
}

function pageInMemory(orgs: VisibleOrg[], first: number, after: string | null | undefined, q: string | null): Page<VisibleOrg> {
  const matching = q ? orgs.filter(matcher(q)) : orgs;
  const offset = after ? decodeCursor(after, searchCursorSchema).s : 0;
  const items = matching.slice(offset, offset + first);
  const hasNextPage = offset + first < matching.length;
  return { items, hasNextPage, endCursor: hasNextPage ? encodeCursor({ a: null, s: offset + first }) : null, total: matching.length };
}

/**
 * Devin has no name filter, so a search scans the org list page by page until it has `first` matches and
 * knows whether another exists. The cursor is where the next match sits: an upstream cursor plus how many
 * matches on that upstream page were already shown.
 */
async function searchAllOrgs(q: string, first: number, after: string | null): Promise<Page<Organization>> {
  const devin = getDevinClient();
  const matches = matcher(q);
  const items: Organization[] = [];
  let { a, s }: SearchCursor = after ? decodeCursor(after, searchCursorSchema) : { a: null, s: 0 };
  for (;;) {
    const upstream = await devin.organizations.list({ first: UPSTREAM_PAGE, after: a });
    const hits = upstream.items.filter(matches).slice(s);
    const room = first - items.length;
    if (hits.length > room) {
      items.push(...hits.slice(0, room));
      return { items, hasNextPage: true, endCursor: encodeCursor({ a, s: s + room }), total: null };
    }
    items.push(...hits);
    if (!upstream.hasNextPage || !upstream.endCursor) return { items, hasNextPage: false, endCursor: null, total: null };
    a = upstream.endCursor;
    s = 0;
  }
}

function matcher(q: string) {
  const key = orgNameKey(q);
  return (org: Organization) => org.orgId === q || orgNameKey(org.name).includes(key);
}

interface SearchCursor {
  /** Upstream cursor of the page holding the next item (null: the first page). */
  a: string | null;
  /** Items of that page already shown. */
  s: number;
}

const searchCursorSchema = z.object({ a: z.string().nullable(), s: z.number().int().min(0) });
