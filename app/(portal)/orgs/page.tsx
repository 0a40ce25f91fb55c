import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { ErrorNotice } from '@/app/_components/error-notice';
import { SkeletonRows } from '@/app/_components/skeleton-rows';
import { toApiError } from '@/lib/api/errors';
import { requireUser } from '@/lib/auth/session';
import type { PortalUser } from '@/lib/auth/types';
import { formatAcus, formatDate } from '@/lib/format';
import { listOrgRequests } from '@/lib/orgs/org-requests';
import { listVisibleOrgs } from '@/lib/orgs/visible-orgs';
import { can } from '@/lib/policy/permissions';
import { settle } from '@/lib/settle';
import { MyRequests } from './_components/my-requests';
import styles from './orgs.module.css';

export const metadata: Metadata = { title: 'Organizations' };

const PAGE_SIZE = 25;

interface SearchParams {
  q?: string | string[];
  after?: string | string[];
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;

export default async function OrgsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const sp = await searchParams;
  const q = one(sp.q)?.slice(0, 100);
  const after = one(sp.after);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Organizations</h1>
          <p>{user.role === 'admin' ? 'Every Devin organization in the enterprise.' : 'The Devin organizations you belong to.'}</p>
        </div>
        {can(user, 'orgs.request') && (
          <Link href="/orgs/new" className="btn btn-primary">
            Request an organization
          </Link>
        )}
      </div>
      <div className="stack" style={{ gap: 16 }}>
        <section className="card" aria-labelledby="orgs-heading">
          <div className="card-header">
            <h2 id="orgs-heading">{q ? `Organizations matching “${q}”` : 'All organizations'}</h2>
            <form role="search" method="get" action="/orgs" className="row">
              <label htmlFor="org-search" className="sr-only">
                Search organizations
              </label>
              <input id="org-search" name="q" type="search" defaultValue={q} placeholder="Name or org id" maxLength={100} />
              <button type="submit" className="btn">
                Search
              </button>
              {q && (
                <Link href="/orgs" className="btn btn-ghost">
                  Clear
                </Link>
              )}
            </form>
          </div>
          <Suspense key={`${q}|${after}`} fallback={<SkeletonRows rows={6} label="Loading organizations…" />}>
            <OrgsTable user={user} q={q} after={after} />
          </Suspense>
        </section>
        {can(user, 'orgs.request') && (
          <section className="card" aria-labelledby="requests-heading">
            <div className="card-header">
              <h2 id="requests-heading">Your requests</h2>
            </div>
            <Suspense fallback={<SkeletonRows rows={2} label="Loading your requests…" />}>
              <OwnRequests user={user} />
            </Suspense>
          </section>
        )}
      </div>
    </>
  );
}

async function OrgsTable({ user, q, after }: { user: PortalUser; q?: string; after?: string }) {
  const result = await settle(listVisibleOrgs(user, { first: PAGE_SIZE, after, q }));
  if (!result.ok) return <ErrorNotice title="Organizations could not be loaded" message={toApiError(result.error).message} />;
  const page = result.value;
  if (page.items.length === 0) {
    return (
      <div className="empty" data-testid="orgs-empty">
        {q ? (
          <>
            <h3>No organization matches “{q}”</h3>
            <p>Search looks at names (accents and case do not matter) and org ids.</p>
          </>
        ) : (
          <>
            <h3>You are not in any Devin organization yet</h3>
            <p>Request one for your team, or ask your team lead to add you to theirs.</p>
          </>
        )}
      </div>
    );
  }
  const query = (extra: Record<string, string>) => `/orgs?${new URLSearchParams({ ...(q && { q }), ...extra })}`;
  return (
    <>
      <div className="table-wrap">
        <table data-testid="orgs-table">
          <caption className="sr-only">Organizations{q ? ` matching ${q}` : ''}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Your role</th>
              <th scope="col" className="num">
                Cycle limit
              </th>
              <th scope="col" className="num">
                Session limit
              </th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((org) => (
              <tr key={org.orgId}>
                <th scope="row" className={styles.rowHeader}>
                  <Link href={`/orgs/${org.orgId}`}>{org.name}</Link>
                  <div className="mono muted small">{org.orgId}</div>
                </th>
                <td>{org.membership ? <span className="badge">{org.membership.roleName}</span> : <span className="muted">—</span>}</td>
                <td className="num">{formatAcus(org.maxCycleAcuLimit)}</td>
                <td className="num">{formatAcus(org.maxSessionAcuLimit)}</td>
                <td>{formatDate(org.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav className="row" aria-label="Pages" style={{ justifyContent: 'space-between', marginTop: 12 }}>
        <span className="muted small">
          {page.total !== null ? `${page.total} organization${page.total === 1 ? '' : 's'}` : `Showing ${page.items.length}`}
        </span>
        <span className="row">
          {after && (
            <Link href={query({})} className="btn">
              First page
            </Link>
          )}
          {page.hasNextPage && page.endCursor && (
            <Link href={query({ after: page.endCursor })} className="btn" rel="next">
              Next page
            </Link>
          )}
        </span>
      </nav>
    </>
  );
}

async function OwnRequests({ user }: { user: PortalUser }) {
  const result = await settle(listOrgRequests(user, { queue: 'mine', first: 20 }));
  if (!result.ok) return <ErrorNotice title="Your requests could not be loaded" message={toApiError(result.error).message} />;
  return <MyRequests initial={result.value} />;
}
