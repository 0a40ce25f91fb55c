import { Suspense } from 'react';
import { ErrorNotice } from '@/app/_components/error-notice';
import { SkeletonRows } from '@/app/_components/skeleton-rows';
import { toApiError } from '@/lib/api/errors';
import { requireUser } from '@/lib/auth/session';
import type { PortalUser } from '@/lib/auth/types';
import { formatAcus, formatDate } from '@/lib/format';
import { listVisibleOrgs } from '@/lib/orgs/visible-orgs';
import { settle } from '@/lib/settle';
import { loadActingAs } from '@/lib/status/acting-as';

export default async function OverviewPage() {
  const user = await requireUser();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Welcome, {user.name.split(' ')[0]}</h1>
          <p>Your Devin organizations, and the service identity the portal uses on your behalf.</p>
        </div>
      </div>
      <div className="grid" style={{ gridTemplateColumns: 'minmax(0, 2fr) minmax(280px, 1fr)' }}>
        <section className="card" aria-labelledby="orgs-heading">
          <div className="card-header">
            <h2 id="orgs-heading">{user.role === 'admin' ? 'Organizations' : 'Your organizations'}</h2>
          </div>
          <Suspense fallback={<SkeletonRows rows={4} label="Loading organizations…" />}>
            <OrgsTable user={user} />
          </Suspense>
        </section>
        <section className="card" aria-labelledby="self-heading">
          <div className="card-header">
            <h2 id="self-heading">Acting as</h2>
          </div>
          <Suspense fallback={<SkeletonRows rows={3} label="Loading the portal's Devin identity…" />}>
            <SelfCard />
          </Suspense>
        </section>
      </div>
    </>
  );
}

async function SelfCard() {
  const result = await settle(loadActingAs());
  if (!result.ok) return <ErrorNotice title="Devin could not be reached" message={toApiError(result.error).message} />;
  const self = result.value;
  return (
    <div data-testid="acting-as">
      <dl className="kv">
        <dt>Service user</dt>
        <dd>{self.serviceUserName}</dd>
        <dt>Id</dt>
        <dd className="mono">{self.serviceUserId}</dd>
        <dt>Scope</dt>
        <dd>{self.orgId ? <span className="mono">{self.orgId}</span> : 'Enterprise'}</dd>
      </dl>
      <p className="muted small" style={{ marginTop: 12 }}>
        The portal calls Devin with this service user. Everything it does is recorded with your name in the portal&apos;s own trail.
      </p>
    </div>
  );
}

async function OrgsTable({ user }: { user: PortalUser }) {
  const result = await settle(listVisibleOrgs(user, { first: 100 }));
  if (!result.ok) return <ErrorNotice title="Organizations could not be loaded" message={toApiError(result.error).message} />;
  const page = result.value;
  if (page.items.length === 0) {
    return (
      <div className="empty" data-testid="orgs-empty">
        <h3>You are not in any Devin organization yet</h3>
        <p>Ask your team lead to add you to your team&apos;s organization.</p>
      </div>
    );
  }
  return (
    <div className="table-wrap">
      <table data-testid="orgs-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Your role</th>
            <th scope="col" className="num">Cycle limit</th>
            <th scope="col" className="num">Session limit</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {page.items.map((org) => (
            <tr key={org.orgId}>
              <td>
                <div>{org.name}</div>
                <div className="mono muted small">{org.orgId}</div>
              </td>
              <td>{org.membership ? <span className="badge">{org.membership.roleName}</span> : <span className="muted">—</span>}</td>
              <td className="num">{formatAcus(org.maxCycleAcuLimit)}</td>
              <td className="num">{formatAcus(org.maxSessionAcuLimit)}</td>
              <td>{formatDate(org.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {page.total !== null && page.total > page.items.length && (
        <p className="muted small" style={{ marginTop: 8 }}>
          Showing {page.items.length} of {page.total}.
        </p>
      )}
    </div>
  );
}
