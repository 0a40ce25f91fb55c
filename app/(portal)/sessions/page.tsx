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
import { readBack } from '@/lib/forms/paging';
import { fieldMessages, rawValue, type RawQuery } from '@/lib/forms/query-fields';
import { SessionsTable } from './_components/sessions-table';
import styles from './_components/sessions.module.css';

export const metadata: Metadata = { title: 'Sessions' };

export default async function SessionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const raw = await searchParams;
  const parsed = listSessionsQuerySchema.safeParse(raw);
  const query = parsed.success ? parsed.data : listSessionsQuerySchema.parse({});
  const errors = parsed.success ? {} : fieldMessages(parsed.error, FILTER_WORDS);
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
          <Filters user={user} query={query} raw={parsed.success ? null : raw} errors={errors} />
        </Suspense>
      </section>
      <section className="card" aria-labelledby="results-heading">
        <div className="card-header">
          <h2 id="results-heading">{query.org ? 'Sessions in this organization' : query.mine ? 'My sessions' : 'Sessions in my organizations'}</h2>
        </div>
        {parsed.success ? (
          <Suspense key={toListSearch(query)} fallback={<SkeletonRows rows={6} label="Loading sessions…" />}>
            <Results user={user} query={query} back={readBack(raw)} />
          </Suspense>
        ) : (
          <div className="alert alert-warning" role="status" data-testid="filters-invalid">
            <strong>Check the filters above</strong>
            {Object.values(errors).join(' ')} The list shows again once they make sense.
          </div>
        )}
      </section>
    </>
  );
}

async function Results({ user, query, back }: { user: PortalUser; query: ListSessionsQuery; back: string[] }) {
  const result = await settle(listSessions(user, query));
  if (!result.ok) return <ErrorNotice title="Sessions could not be loaded" message={toApiError(result.error).message} />;
  return (
    <SessionsTable initial={result.value} search={toListSearch(query, null)} after={query.after ?? null} back={back} pageSize={query.first} showOrg={!query.org} />
  );
}

/** What to tell people about a filter that does not parse, next to the field. */
const FILTER_WORDS: Record<string, (schemaMessage: string) => string> = {
  org: () => 'Pick one of your organizations from the list.',
  status: () => 'Pick a status from the list.',
  tag: () => 'A tag is up to 64 letters, digits and : - _ . characters, without spaces.',
  from: () => 'Enter the start date as a date, like 2026-11-30.',
  to: (m) => (m.includes('before') ? 'The end date is before the start date: pick a later one.' : 'Enter the end date as a date, like 2026-11-30.'),
  mine: () => 'Tick the box or leave it empty.',
  archived: () => 'Tick the box or leave it empty.',
  first: () => 'Show between 1 and 100 sessions per page.',
  after: () => 'That page link is out of date: start from the first page.',
};

function FieldMessage({ id, message }: { id: string; message?: string }) {
  return message ? (
    <span id={id} className="field-error">
      {message}
    </span>
  ) : null;
}

/** A plain GET form: filtering works before any JavaScript has loaded, and every filtered view has its own URL. */
async function Filters({ user, query, raw, errors }: { user: PortalUser; query: ListSessionsQuery; raw: RawQuery | null; errors: Record<string, string> }) {
  const orgs = await settle(listAllVisibleOrgs(user));
  // After a filter that does not parse, the form shows what was typed, not the defaults.
  const value = (name: keyof ListSessionsQuery & string, parsed: string | undefined) => (raw ? rawValue(raw, name) : (parsed ?? ''));
  const checked = (name: 'mine' | 'archived', parsed: boolean) => (raw ? ['1', 'true', 'on', 'yes'].includes(rawValue(raw, name)) : parsed);
  const invalid = (name: string) => (errors[name] ? { 'aria-invalid': true, 'aria-describedby': `filter-${name}-error` } : {});
  return (
    <form method="get" action="/sessions" className={styles.filters} aria-label="Filter sessions">
      <div className="field">
        <label htmlFor="filter-org">Organization</label>
        <select id="filter-org" name="org" defaultValue={value('org', query.org)} {...invalid('org')}>
          <option value="">All my organizations</option>
          {orgs.ok &&
            orgs.value.map((org) => (
              <option key={org.orgId} value={org.orgId}>
                {org.name}
              </option>
            ))}
        </select>
        <FieldMessage id="filter-org-error" message={errors.org} />
      </div>
      <div className="field">
        <label htmlFor="filter-status">Status</label>
        <select id="filter-status" name="status" defaultValue={value('status', query.status)} {...invalid('status')}>
          <option value="">Any status</option>
          {Object.entries(STATUS_FILTERS).map(([value, f]) => (
            <option key={value} value={value}>
              {f.label}
            </option>
          ))}
        </select>
        <FieldMessage id="filter-status-error" message={errors.status} />
      </div>
      <div className="field">
        <label htmlFor="filter-tag">Tag</label>
        <input id="filter-tag" name="tag" defaultValue={value('tag', query.tag)} placeholder="e.g. team:payments" {...invalid('tag')} />
        <FieldMessage id="filter-tag-error" message={errors.tag} />
      </div>
      <div className="field">
        <label htmlFor="filter-from">Created from</label>
        <input id="filter-from" name="from" type="date" defaultValue={value('from', query.from)} {...invalid('from')} />
        <FieldMessage id="filter-from-error" message={errors.from} />
      </div>
      <div className="field">
        <label htmlFor="filter-to">Created until</label>
        <input id="filter-to" name="to" type="date" defaultValue={value('to', query.to)} {...invalid('to')} />
        <FieldMessage id="filter-to-error" message={errors.to} />
      </div>
      <label className={`field ${styles.checkField}`}>
        <input type="checkbox" name="mine" value="1" defaultChecked={checked('mine', query.mine)} />
        Only mine
      </label>
      <label className={`field ${styles.checkField}`}>
        <input type="checkbox" name="archived" value="1" defaultChecked={checked('archived', query.archived)} />
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
