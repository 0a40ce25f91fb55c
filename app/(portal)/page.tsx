import Link from 'next/link';
import { Suspense } from 'react';
import { ErrorNotice } from '@/app/_components/error-notice';
import { SkeletonRows } from '@/app/_components/skeleton-rows';
import { requireUser } from '@/lib/auth/session';
import { can } from '@/lib/policy/permissions';
import { ActingAsPanel } from './_components/overview/acting-as-panel';
import { CycleSpendPanel } from './_components/overview/cycle-spend-panel';
import { MyOrgsPanel } from './_components/overview/my-orgs-panel';
import { PendingApprovalsPanel } from './_components/overview/pending-approvals-panel';
import { RecentSessionsPanel } from './_components/overview/recent-sessions-panel';
import styles from './_components/overview/overview.module.css';

/** Where do I stand: each panel loads on its own, so one slow or failing source never holds up the rest. */
export default async function OverviewPage() {
  const user = await requireUser();
  const admin = user.role === 'admin';
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Welcome, {user.name.split(' ')[0]}</h1>
          <p>Your organizations, your sessions and this billing cycle at a glance.</p>
        </div>
        {can(user, 'sessions.write') && (
          <Link href="/sessions/new" className="btn btn-primary">
            Start a session
          </Link>
        )}
      </div>
      <div className={styles.dashboard}>
        <section className={`card ${styles.wide}`} aria-labelledby="orgs-heading">
          <div className="card-header">
            <h2 id="orgs-heading">Your organizations</h2>
            <Link href="/orgs">{admin ? 'All organizations' : 'Organizations'}</Link>
          </div>
          <Suspense fallback={<SkeletonRows rows={4} label="Loading your organizations…" />}>
            <MyOrgsPanel user={user} />
          </Suspense>
        </section>
        <section className="card" aria-labelledby="spend-heading">
          <div className="card-header">
            <h2 id="spend-heading">This cycle</h2>
            {can(user, 'consumption.read') && <Link href="/consumption">Consumption</Link>}
          </div>
          {can(user, 'consumption.read') ? (
            <Suspense fallback={<SkeletonRows rows={4} label="Loading this cycle's consumption…" />}>
              <CycleSpendPanel user={user} />
            </Suspense>
          ) : (
            <ErrorNotice title="Not available to you" message="Your portal role cannot see consumption." />
          )}
        </section>
        <section className={`card ${styles.wide}`} aria-labelledby="recent-heading">
          <div className="card-header">
            <h2 id="recent-heading">Your recent sessions</h2>
            <Link href="/sessions?mine=1">All your sessions</Link>
          </div>
          <Suspense fallback={<SkeletonRows rows={5} label="Loading your recent sessions…" />}>
            <RecentSessionsPanel user={user} />
          </Suspense>
        </section>
        {can(user, 'approvals.manage') ? (
          <section className="card" aria-labelledby="approvals-heading">
            <div className="card-header">
              <h2 id="approvals-heading">Waiting for approval</h2>
              <Link href="/approvals">Approvals</Link>
            </div>
            <Suspense fallback={<SkeletonRows rows={3} label="Loading the approval queue…" />}>
              <PendingApprovalsPanel user={user} />
            </Suspense>
          </section>
        ) : null}
        <section className={`card ${can(user, 'approvals.manage') ? styles.full : ''}`} aria-labelledby="self-heading">
          <div className="card-header">
            <h2 id="self-heading">Acting as</h2>
          </div>
          <Suspense fallback={<SkeletonRows rows={3} label="Loading the portal's Devin identity…" />}>
            <ActingAsPanel />
          </Suspense>
        </section>
      </div>
    </>
  );
}
