import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ErrorNotice } from '@/app/_components/error-notice';
import { SkeletonRows } from '@/app/_components/skeleton-rows';
import { orgStanding } from '@/lib/access/resolve';
import { toApiError } from '@/lib/api/errors';
import { requireUser } from '@/lib/auth/session';
import type { PortalUser } from '@/lib/auth/types';
import { can } from '@/lib/policy/permissions';
import { listGrantableRoles } from '@/lib/service-users/grantable-roles';
import { listManageableOrgs, type ManageableOrg } from '@/lib/service-users/manageable-orgs';
import { listOrgServiceUsers } from '@/lib/service-users/service-users';
import { settle } from '@/lib/settle';
import { ServiceUsersManager } from './_components/service-users-manager';

export const metadata: Metadata = { title: 'Service users' };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;

export default async function ServiceUsersPage({ searchParams }: { searchParams: Promise<{ org?: string | string[] }> }) {
  const user = await requireUser();
  const wanted = one((await searchParams).org);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Service users</h1>
          <p>Credentials for CI and automation in the organizations you manage. A new token is shown once, then never again.</p>
        </div>
      </div>
      {can(user, 'service-users.manage') ? (
        <Suspense key={wanted} fallback={<SkeletonRows rows={6} label="Loading service users…" />}>
          <OrgServiceUsers user={user} wanted={wanted} />
        </Suspense>
      ) : (
        <ErrorNotice title="Not available to you" message="Your portal role cannot manage service users." />
      )}
    </>
  );
}

async function OrgServiceUsers({ user, wanted }: { user: PortalUser; wanted?: string }) {
  const orgs = await settle(listManageableOrgs(user));
  if (!orgs.ok) return <ErrorNotice title="Your organizations could not be loaded" message={toApiError(orgs.error).message} />;
  if (orgs.value.length === 0) {
    return (
      <div className="card empty" data-testid="service-users-no-orgs">
        <h3>You do not manage any organization</h3>
        <p>Org admins create service users for their organization. Ask an admin of your team’s org, or request an org of your own.</p>
      </div>
    );
  }
  const org = orgs.value.find((o) => o.orgId === wanted) ?? orgs.value[0]!;
  const data = await settle(
    orgStanding(user, org.orgId, 'admin').then(({ org: standing }) => Promise.all([listOrgServiceUsers(standing), listGrantableRoles(standing)])),
  );
  return (
    <div className="stack" style={{ gap: 16 }}>
      <OrgPicker orgs={orgs.value} selected={org.orgId} />
      {wanted && wanted !== org.orgId && (
        <div className="alert alert-warning" role="status">
          You cannot manage the organization you asked for; showing {org.name} instead.
        </div>
      )}
      {data.ok ? (
        <ServiceUsersManager orgId={org.orgId} orgName={org.name} initial={data.value[0]} roles={data.value[1]} />
      ) : (
        <ErrorNotice title={`Service users of ${org.name} could not be loaded`} message={toApiError(data.error).message} />
      )}
    </div>
  );
}

/** A plain GET form, so switching org works before JavaScript has loaded and every org has its own URL. */
function OrgPicker({ orgs, selected }: { orgs: ManageableOrg[]; selected: string }) {
  return (
    <form method="get" action="/service-users" className="card row" aria-label="Choose an organization" style={{ alignItems: 'flex-end' }}>
      <div className="field" style={{ marginBottom: 0, flex: '1 1 280px' }}>
        <label htmlFor="org-picker">Organization</label>
        <select id="org-picker" name="org" defaultValue={selected}>
          {orgs.map((o) => (
            <option key={o.orgId} value={o.orgId}>
              {o.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="btn">
        Show
      </button>
    </form>
  );
}
