import 'server-only';
import type { PortalUser } from '@/lib/auth/types';
import { listVisibleOrgs } from '@/lib/orgs/visible-orgs';
import { collectAll } from '@/lib/upstream/pagination';

export interface ManageableOrg {
  orgId: string;
  name: string;
}

/** The orgs whose service users the person may manage: every org for portal admins, orgs where they are org admin otherwise. */
export async function listManageableOrgs(user: PortalUser): Promise<ManageableOrg[]> {
  const orgs = await collectAll((after, first) => listVisibleOrgs(user, { first, after }), { pageSize: 200 });
  return orgs
    .filter((o) => user.role === 'admin' || o.membership?.isOrgAdmin)
    .map((o) => ({ orgId: o.orgId, name: o.name }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
