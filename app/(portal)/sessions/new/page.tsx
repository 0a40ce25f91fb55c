import type { Metadata } from 'next';
import Link from 'next/link';
import { ErrorNotice } from '@/app/_components/error-notice';
import { toApiError } from '@/lib/api/errors';
import { requireUser } from '@/lib/auth/session';
import { listAllVisibleOrgs } from '@/lib/orgs/visible-orgs';
import { can } from '@/lib/policy/permissions';
import { settle } from '@/lib/settle';
import { StartSessionForm } from '../_components/start-session-form';

export const metadata: Metadata = { title: 'Start a session' };

export default async function NewSessionPage({ searchParams }: { searchParams: Promise<{ org?: string | string[] }> }) {
  const user = await requireUser();
  const { org } = await searchParams;
  const orgs = await settle(listAllVisibleOrgs(user));
  return (
    <>
      <div className="page-header">
        <div>
          <nav aria-label="Breadcrumb" className="small">
            <Link href="/sessions">Sessions</Link> /
          </nav>
          <h1>Start a session</h1>
          <p>Devin starts working as soon as you send the prompt; you can follow and steer it from its page.</p>
        </div>
      </div>
      <section className="card" style={{ maxWidth: 760 }} aria-label="New session">
        {!can(user, 'sessions.write') ? (
          <ErrorNotice title="You cannot start sessions" message="Your portal role does not allow starting Devin sessions." />
        ) : !orgs.ok ? (
          <ErrorNotice title="Your organizations could not be loaded" message={toApiError(orgs.error).message} />
        ) : orgs.value.length === 0 ? (
          <div className="empty" data-testid="no-orgs">
            <h3>You are not in any Devin organization yet</h3>
            <p>Ask your team lead to add you to your team&apos;s organization, then come back here.</p>
          </div>
        ) : (
          <StartSessionForm
            orgs={orgs.value.map((o) => ({ orgId: o.orgId, name: o.name, member: o.membership !== null, sessionCap: o.maxSessionAcuLimit }))}
            defaultOrgId={typeof org === 'string' ? org : undefined}
          />
        )}
      </section>
    </>
  );
}
