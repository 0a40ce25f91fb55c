import 'server-only';
import type { PortalUser } from '@/lib/auth/types';
import { listAllVisibleOrgs } from '@/lib/orgs/visible-orgs';

export interface ManageableOrg {
  orgId: string;
  name: string;
}

/** The orgs whose service users the person may manage: every org for portal admins, orgs where they are org admin otherwise. */
export async function listManageableOrgs(user: PortalUser): Promise<ManageableOrg[]> {
  const orgs = await listAllVisibleOrgs(user);
  return orgs
    .filter((o) => user.role === 'admin' || o.membership?.isOrgAdmin)
    .map((o) => ({ orgId: o.orgId, name: o.name }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
