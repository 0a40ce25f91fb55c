import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { ErrorNotice } from '@/app/_components/error-notice';
import { SkeletonRows } from '@/app/_components/skeleton-rows';
import { toApiError } from '@/lib/api/errors';
import { requireUser } from '@/lib/auth/session';
import type { PortalUser } from '@/lib/auth/types';
import { listAllVisibleOrgs } from '@/lib/orgs/visible-orgs';
import { can } from '@/lib/policy/permissions';
import { listSessions } from '@/lib/sessions/list';
import { toListSearch } from '@/lib/sessions/list-query';
import { listSessionsQuerySchema, type ListSessionsQuery } from '@/lib/sessions/schemas';
import { STATUS_FILTERS } from '@/lib/sessions/status';
import { settle } from '@/lib/settle';
import { SessionsTable } from './_components/sessions-table';
import styles from './_components/sessions.module.css';

export const metadata: Metadata = { title: 'Sessions' };

export default async function SessionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const parsed = listSessionsQuerySchema.safeParse(await searchParams);
  const query = parsed.success ? parsed.data : listSessionsQuerySchema.parse({});
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Sessions</h1>
          <p>Devin sessions in your organizations. Sessions you start here count as yours in Devin.</p>
        </div>
        {can(user, 'sessions.write') && (
          <div className="row">
            <Link href="/sessions/batch" className="btn">
              Run in several orgs
            </Link>
            <Link href={query.org ? `/sessions/new?org=${query.org}` : '/sessions/new'} className="btn btn-primary">
              Start a session
            </Link>
          </div>
        )}
      </div>
      <section className="card" aria-labelledby="filters-heading" style={{ marginBottom: 16 }}>
        <h2 id="filters-heading" className="sr-only">
          Filters
        </h2>
        <Suspense fallback={<SkeletonRows rows={2} label="Loading filters…" />}>
          <Filters user={user} query={query} />
        </Suspense>
      </section>
      <section className="card" aria-labelledby="results-heading">
        <div className="card-header">
          <h2 id="results-heading">{query.org ? 'Sessions in this organization' : query.mine ? 'My sessions' : 'Sessions in my organizations'}</h2>
        </div>
        {parsed.success ? (
          <Suspense key={toListSearch(query)} fallback={<SkeletonRows rows={6} label="Loading sessions…" />}>
            <Results user={user} query={query} />
          </Suspense>
        ) : (
          <ErrorNotice title="These filters do not work" message={parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')} />
        )}
      </section>
    </>
  );
}

async function Results({ user, query }: { user: PortalUser; query: ListSessionsQuery }) {
  const result = await settle(listSessions(user, query));
  if (!result.ok) return <ErrorNotice title="Sessions could not be loaded" message={toApiError(result.error).message} />;
  return <SessionsTable initial={result.value} search={toListSearch(query, null)} after={query.after ?? null} showOrg={!query.org} />;
}

/** A plain GET form: filtering works before any JavaScript has loaded, and every filtered view has its own URL. */
async function Filters({ user, query }: { user: PortalUser; query: ListSessionsQuery }) {
  const orgs = await settle(listAllVisibleOrgs(user));
  return (
    <form method="get" action="/sessions" className={styles.filters} aria-label="Filter sessions">
      <div className="field">
        <label htmlFor="filter-org">Organization</label>
        <select id="filter-org" name="org" defaultValue={query.org ?? ''}>
          <option value="">All my organizations</option>
          {orgs.ok &&
            orgs.value.map((org) => (
              <option key={org.orgId} value={org.orgId}>
                {org.name}
              </option>
            ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-status">Status</label>
        <select id="filter-status" name="status" defaultValue={query.status ?? ''}>
          <option value="">Any status</option>
          {Object.entries(STATUS_FILTERS).map(([value, f]) => (
            <option key={value} value={value}>
              {f.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-tag">Tag</label>
        <input id="filter-tag" name="tag" defaultValue={query.tag ?? ''} placeholder="e.g. team:payments" />
      </div>
      <div className="field">
        <label htmlFor="filter-from">Created from</label>
        <input id="filter-from" name="from" type="date" defaultValue={query.from ?? ''} />
      </div>
      <div className="field">
        <label htmlFor="filter-to">Created until</label>
        <input id="filter-to" name="to" type="date" defaultValue={query.to ?? ''} />
      </div>
      <label className={`field ${styles.checkField}`}>
        <input type="checkbox" name="mine" value="1" defaultChecked={query.mine} />
        Only mine
      </label>
      <label className={`field ${styles.checkField}`}>
        <input type="checkbox" name="archived" value="1" defaultChecked={query.archived} />
        Include archived
      </label>
      <div className={styles.filterActions}>
        <button type="submit" className="btn btn-primary">
          Apply
        </button>
        <Link href="/sessions" className="btn btn-ghost">
          Reset
        </Link>
      </div>
      {!orgs.ok && (
        <p className="small muted" role="status">
          The organization list could not be loaded: {toApiError(orgs.error).message}
        </p>
      )}
    </form>
  );
}
