import 'server-only';
import { sharedCache } from '@/lib/cache';
import { getDevinClient } from '@/lib/upstream';
import { collectAll } from '@/lib/upstream/pagination';
import type { Organization } from '@/lib/upstream/types';

/*
 * Org names and limits, for pickers, filters and name look-ups: kept for a minute, and dropped on every instance
 * at once (a version in the store) when the portal itself creates, renames or deletes an org.
 */

const everyOrg = sharedCache<Organization[]>({
  scope: 'orgs',
  ttlMs: 60_000,
  max: 1,
  versioned: true,
  load: () => collectAll((after) => getDevinClient().fresh().organizations.list({ first: 200, after }), { pageSize: 200 }),
});

/** Every org in the enterprise (one upstream call per 200 orgs, at most once a minute per instance). */
export function listAllOrgsCached(): Promise<Organization[]> {
  return everyOrg.get('all');
}

/** After the portal created, renamed or deleted an org: every instance reads the list afresh. */
export function forgetOrgs(): Promise<void> {
  return everyOrg.invalidate();
}
