import 'server-only';
import type { PortalUser } from '@/lib/auth/types';
import { getOrgAccess, type OrgMembership } from '@/lib/access/org-access';
import { getDevinClient } from '@/lib/upstream';
import { UpstreamError } from '@/lib/upstream/errors';
import type { Organization, Page } from '@/lib/upstream/types';

export interface VisibleOrg extends Organization {
  /** The person's own role there; null for admins who are not members. */
  membership: OrgMembership | null;
}

/**
 * The orgs a person may see, one cursor page at a time. Admins page through
 * every org upstream; members get their own orgs, fetched in parallel.
 */
export async function listVisibleOrgs(
  user: PortalUser,
  page: { first?: number; after?: string | null } = {},
): Promise<Page<VisibleOrg>> {
  const access = await getOrgAccess(user);
  const devin = getDevinClient();
  if (access.allOrgs) {
    const result = await devin.organizations.list({ first: page.first ?? 50, after: page.after ?? null });
    return { ...result, items: result.items.map((org) => ({ ...org, membership: access.memberships.get(org.orgId) ?? null })) };
  }
  const orgs = await Promise.all(
    [...access.memberships.values()].map(async (membership) => {
      try {
        return { ...(await devin.organizations.get(membership.orgId)), membership };
      } catch (err) {
        // A membership can outlive its org for the length of the access cache.
        if (err instanceof UpstreamError && err.status === 404) return null;
        throw err;
      }
    }),
  );
  const items = orgs.filter((o): o is VisibleOrg => o !== null).sort((a, b) => a.name.localeCompare(b.name));
  return { items, endCursor: null, hasNextPage: false, total: items.length };
}
