import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { ErrorNotice } from '@/app/_components/error-notice';
import { SkeletonRows } from '@/app/_components/skeleton-rows';
import { toApiError } from '@/lib/api/errors';
import { requireUser } from '@/lib/auth/session';
import type { PortalUser } from '@/lib/auth/types';
import { formatAcus } from '@/lib/format';
import { listOrgRequests } from '@/lib/orgs/org-requests';
import { getOrgPolicy } from '@/lib/orgs/policy-config';
import { can } from '@/lib/policy/permissions';
import { settle } from '@/lib/settle';
import { ApprovalQueue } from './_components/approval-queue';
import { DecidedTable } from './_components/decided-table';

export const metadata: Metadata = { title: 'Approvals' };

export default async function ApprovalsPage({ searchParams }: { searchParams: Promise<{ decidedAfter?: string }> }) {
  const user = await requireUser();
  if (!can(user, 'approvals.manage')) notFound();
  const { decidedAfter } = await searchParams;
  const policy = getOrgPolicy();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Approvals</h1>
          <p>
            Organization requests above {formatAcus(policy.autoApproveCycleAcu)} per cycle wait here for {policy.requestTtlHours} hours. Approving creates the
            organization and makes the requester its admin.
          </p>
        </div>
      </div>
      <div className="stack" style={{ gap: 16 }}>
        <section className="card" aria-labelledby="queue-heading">
          <h2 id="queue-heading">Waiting for a decision</h2>
          <Suspense fallback={<SkeletonRows rows={3} label="Loading the approval queue…" />}>
            <Queue user={user} />
          </Suspense>
        </section>
        <section className="card" aria-labelledby="decided-heading">
          <h2 id="decided-heading">Decided and closed</h2>
          <Suspense key={decidedAfter} fallback={<SkeletonRows rows={3} label="Loading past decisions…" />}>
            <Decided user={user} after={decidedAfter} />
          </Suspense>
        </section>
      </div>
    </>
  );
}

async function Queue({ user }: { user: PortalUser }) {
  const result = await settle(listOrgRequests(user, { queue: 'pending', first: 50 }));
  if (!result.ok) return <ErrorNotice title="The approval queue could not be loaded" message={toApiError(result.error).message} />;
  return <ApprovalQueue initial={result.value} selfEmail={user.email} selfName={user.name} />;
}

async function Decided({ user, after }: { user: PortalUser; after?: string }) {
  const result = await settle(listOrgRequests(user, { queue: 'decided', first: 25, after }));
  if (!result.ok) return <ErrorNotice title="Past decisions could not be loaded" message={toApiError(result.error).message} />;
  const page = result.value;
  return (
    <>
      <DecidedTable initial={page.items} selfEmail={user.email} firstPage={!after} />
      <nav className="row" aria-label="Pages of past decisions" style={{ marginTop: 12 }}>
        {after && (
          <Link href="/approvals" className="btn">
            Newest
          </Link>
        )}
        {page.hasNextPage && page.endCursor && (
          <Link href={`/approvals?${new URLSearchParams({ decidedAfter: page.endCursor })}`} className="btn" rel="next">
            Older
          </Link>
        )}
      </nav>
    </>
  );
}
