import 'server-only';
import { getOrgAccess, type OrgAccess } from '@/lib/access/org-access';
import type { OrgRoleTier } from '@/lib/access/org-roles';
import { orgStanding } from '@/lib/access/resolve';
import type { PortalUser } from '@/lib/auth/types';
import { getDevinClient } from '@/lib/upstream';
import { forEachWithConcurrency } from '@/lib/concurrency';

export interface SessionOrg {
  orgId: string;
  name: string;
  /** The org's per-session ACU cap; null = none. */
  maxSessionAcuLimit: number | null;
}

/** Upstream reads the portal runs side by side for one view; more would invite Devin's rate limit. */
export const READ_CONCURRENCY = 6;

/**
 * Checks the person stands at least `min` in every one of these orgs (not_found for the first they may not
 * see, forbidden for one where their role falls short, before anything is written) and reads their names in parallel.
 */
export async function resolveOrgs(user: PortalUser, orgIds: readonly string[], min: OrgRoleTier = 'sessions'): Promise<{ access: OrgAccess; orgs: SessionOrg[] }> {
  const access = await getOrgAccess(user);
  for (const orgId of orgIds) await orgStanding(user, orgId, min);
  const found = new Map<string, SessionOrg>();
  const devin = getDevinClient();
  await forEachWithConcurrency(
    orgIds,
    READ_CONCURRENCY,
    (orgId) => devin.organizations.get(orgId),
    (orgId, outcome) => {
      if (outcome.status === 'rejected') throw outcome.reason;
      found.set(orgId, { orgId, name: outcome.value.name, maxSessionAcuLimit: outcome.value.maxSessionAcuLimit });
    },
  );
  return { access, orgs: orgIds.map((orgId) => found.get(orgId)!) };
}

/** The tag that files a session under its team: the org's name, as a slug ("Équipe Données" → team:equipe-donnees). */
export function teamTag(orgName: string): string {
  const slug = orgName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 58);
  return `team:${slug || 'org'}`;
}
