import type { Metadata } from 'next';
import Link from 'next/link';
import { ErrorNotice } from '@/app/_components/error-notice';
import { toApiError } from '@/lib/api/errors';
import { requireUser } from '@/lib/auth/session';
import { listAllVisibleOrgs } from '@/lib/orgs/visible-orgs';
import { can } from '@/lib/policy/permissions';
import { settle } from '@/lib/settle';
import { BatchRunForm } from '../_components/batch-run-form';

export const metadata: Metadata = { title: 'Run in several organizations' };

export default async function BatchPage() {
  const user = await requireUser();
  const orgs = await settle(listAllVisibleOrgs(user));
  return (
    <>
      <div className="page-header">
        <div>
          <nav aria-label="Breadcrumb" className="small">
            <Link href="/sessions">Sessions</Link> /
          </nav>
          <h1>Run in several organizations</h1>
          <p>One prompt, one session per organization, started a few at a time. A failure in one organization never stops the others.</p>
        </div>
      </div>
      <div style={{ maxWidth: 860 }}>
        {!can(user, 'sessions.write') ? (
          <ErrorNotice title="You cannot start sessions" message="Your portal role does not allow starting Devin sessions." />
        ) : !orgs.ok ? (
          <ErrorNotice title="Your organizations could not be loaded" message={toApiError(orgs.error).message} />
        ) : orgs.value.length === 0 ? (
          <div className="card empty">
            <h3>You are not in any Devin organization yet</h3>
            <p>Ask your team lead to add you to your team&apos;s organization.</p>
          </div>
        ) : (
          <BatchRunForm orgs={orgs.value.map((o) => ({ orgId: o.orgId, name: o.name, member: o.membership !== null, sessionCap: o.maxSessionAcuLimit }))} />
        )}
      </div>
    </>
  );
}
