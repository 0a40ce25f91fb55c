import 'server-only';
import { getOrgAccess, type OrgAccess } from '@/lib/access/org-access';
import type { OrgRoleTier } from '@/lib/access/org-roles';
import { orgStanding } from '@/lib/access/resolve';
import type { PortalUser } from '@/lib/auth/types';
import { getDevinClient } from '@/lib/upstream';
import { forEachWithConcurrency } from '@/lib/concurrency';
import { listAllOrgsCached } from '@/lib/orgs/org-cache';

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
 * see, forbidden for one where their role falls short, before anything is read or written). Answers from the
 * cached org access alone, so a caller can start its own upstream reads right after.
 */
export async function checkOrgStandings(user: PortalUser, orgIds: readonly string[], min: OrgRoleTier = 'sessions'): Promise<OrgAccess> {
  const access = await getOrgAccess(user);
  for (const orgId of orgIds) await orgStanding(user, orgId, min);
  return access;
}

/**
 * The orgs' names and per-session caps. `fresh` reads each org from Devin and fails when one cannot be read (for
 * writes, which enforce the cap). `directory` is for pages that only show names: it takes them from the org
 * directory (one list read a minute for the instance, dropped when the portal changes an org), reads only the orgs
 * it does not hold, and shows an org it cannot read by its id rather than failing the page.
 */
export async function loadSessionOrgs(orgIds: readonly string[], source: 'fresh' | 'directory'): Promise<SessionOrg[]> {
  const found = new Map<string, SessionOrg>();
  if (source === 'directory') {
    const directory = new Map((await listAllOrgsCached().catch(() => [])).map((o) => [o.orgId, o]));
    for (const orgId of orgIds) {
      const org = directory.get(orgId);
      if (org) found.set(orgId, { orgId, name: org.name, maxSessionAcuLimit: org.maxSessionAcuLimit });
    }
  }
  const devin = getDevinClient();
  await forEachWithConcurrency(
    orgIds.filter((orgId) => !found.has(orgId)),
    READ_CONCURRENCY,
    (orgId) => devin.organizations.get(orgId),
    (orgId, outcome) => {
      if (outcome.status === 'fulfilled') found.set(orgId, { orgId, name: outcome.value.name, maxSessionAcuLimit: outcome.value.maxSessionAcuLimit });
      else if (source === 'directory') found.set(orgId, { orgId, name: orgId, maxSessionAcuLimit: null });
      else throw outcome.reason;
    },
  );
  return orgIds.map((orgId) => found.get(orgId)!);
}

/** Both: the standing check, then the orgs read fresh from Devin (what a write needs). */
export async function resolveOrgs(user: PortalUser, orgIds: readonly string[], min: OrgRoleTier = 'sessions'): Promise<{ access: OrgAccess; orgs: SessionOrg[] }> {
  const access = await checkOrgStandings(user, orgIds, min);
  return { access, orgs: await loadSessionOrgs(orgIds, 'fresh') };
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
