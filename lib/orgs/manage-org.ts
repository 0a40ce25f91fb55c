import 'server-only';
import { forgetOrgAccess } from '@/lib/access/org-access';
import { forgetOrgs } from './org-cache';
import { ApiError } from '@/lib/api/errors';
import type { PortalUser } from '@/lib/auth/types';
import type { OrgUpdate } from '@/lib/policy/org-policy';
import { recordWrite } from '@/lib/trail';
import { getDevinClient } from '@/lib/upstream';
import type { Organization } from '@/lib/upstream/types';
import { findOrgByName } from './directory';
import { markOrgDeleted } from './request-store';

interface Ctx {
  user: PortalUser;
  requestId: string;
}

/** Renames an org or changes its limits (portal admins), recorded in the trail with the values before and after. */
export async function updateOrg(orgId: string, patch: OrgUpdate, ctx: Ctx): Promise<Organization> {
  const devin = getDevinClient();
  const [before, sameName] = await Promise.all([devin.organizations.get(orgId), patch.name ? findOrgByName(patch.name) : null]);
  if (sameName && sameName.orgId !== orgId) {
    throw new ApiError('conflict', `An organization named “${sameName.name}” already exists. Choose another name.`, { field: 'name' });
  }
  const change = {
    ...(patch.name !== undefined && patch.name !== before.name && { name: patch.name }),
    ...(patch.maxCycleAcuLimit !== undefined && { maxCycleAcuLimit: patch.maxCycleAcuLimit }),
    ...(patch.maxSessionAcuLimit !== undefined && { maxSessionAcuLimit: patch.maxSessionAcuLimit }),
  };
  const updated = await recordWrite({
    actor: ctx.user,
    action: 'org.update',
    orgId,
    input: {
      change,
      before: { name: before.name, maxCycleAcuLimit: before.maxCycleAcuLimit, maxSessionAcuLimit: before.maxSessionAcuLimit },
    },
    requestId: ctx.requestId,
    run: () => devin.organizations.update(orgId, change),
    targets: () => ({ orgId }),
  });
  await forgetOrgs();
  return updated;
}

/** Deletes an org (portal admins). Its members lose access at once; a self-service slot it held is freed. */
export async function deleteOrg(orgId: string, ctx: Ctx): Promise<Organization> {
  const devin = getDevinClient();
  const before = await devin.organizations.get(orgId);
  const deleted = await recordWrite({
    actor: ctx.user,
    action: 'org.delete',
    orgId,
    input: { name: before.name },
    requestId: ctx.requestId,
    run: () => devin.organizations.delete(orgId),
    targets: () => ({ orgId }),
  });
  await markOrgDeleted(orgId);
  await Promise.all([forgetOrgAccess(), forgetOrgs()]);
  return deleted;
}
