import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { ErrorNotice } from '@/app/_components/error-notice';
import { SkeletonRows } from '@/app/_components/skeleton-rows';
import { toApiError } from '@/lib/api/errors';
import { listDevinAuditPage, listTrailPage } from '@/lib/audit/audit-log';
import {
  AUDIT_SOURCES,
  auditQuerySchema,
  resolveAuditRange,
  type AuditEntryDto,
  type AuditQuery,
  type AuditSource,
  type CursorPageDto,
  type TrailEntryDto,
} from '@/lib/audit/schemas';
import { requireUser } from '@/lib/auth/session';
import type { PortalUser } from '@/lib/auth/types';
import { listAllVisibleOrgs } from '@/lib/orgs/visible-orgs';
import { can } from '@/lib/policy/permissions';
import { settle, type Settled } from '@/lib/settle';
import { pageLinks, pageSummary, readBack } from '@/lib/forms/paging';
import { AuditFilters } from './_components/audit-filters';
import { DevinAuditTable, TrailTable } from './_components/audit-tables';
import styles from './_components/audit.module.css';

export const metadata: Metadata = { title: 'Audit' };

const PAGE_SIZE = 50;

/** The query string for a view: the filters, and optionally a page cursor. */
function search(source: AuditSource, q: AuditQuery, after?: string | null) {
  const params: Record<string, string> = { source, range: q.range, order: q.order };
  if (q.org) params.org = q.org;
  if (q.range === 'custom' && q.from && q.to) Object.assign(params, { from: q.from, to: q.to });
  if (q.action) params.action = q.action;
  if (after) params.after = after;
  return new URLSearchParams(params).toString();
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const admin = can(user, 'audit.enterprise.read');
  const raw = await searchParams;
  const parsed = auditQuerySchema.safeParse(raw);
  const query = parsed.success ? parsed.data : auditQuerySchema.parse({});
  const source: AuditSource = query.source ?? (admin ? 'devin' : 'trail');
  const refused = source === 'devin' && !admin;

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Audit</h1>
          <p>
            {admin
              ? 'Who did what, when: Devin’s audit log, with the person behind every change the portal made.'
              : 'Everything you have done through the portal.'}
          </p>
        </div>
      </div>
      {admin && (
        <nav className={styles.tabs} aria-label="Logs">
          {(Object.keys(AUDIT_SOURCES) as AuditSource[]).map((s) => (
            <Link key={s} href={`/audit?source=${s}`} aria-current={s === source ? 'page' : undefined}>
              {AUDIT_SOURCES[s]}
            </Link>
          ))}
        </nav>
      )}
      {!can(user, 'audit.own.read') ? (
        <ErrorNotice title="Not available to you" message="Your portal role cannot read audit logs." />
      ) : refused ? (
        <div className="alert alert-error" role="alert" data-testid="audit-refused">
          <strong>Only portal admins can read the enterprise audit log.</strong>
          You can see everything you did yourself in <Link href="/audit?source=trail">your portal trail</Link>.
        </div>
      ) : (
        <AuditView user={user} admin={admin} source={source} query={query} invalid={parsed.success ? null : parsed.error.issues} back={readBack(raw)} />
      )}
    </>
  );
}

async function AuditView({
  user,
  admin,
  source,
  query,
  invalid,
  back,
}: {
  user: PortalUser;
  admin: boolean;
  source: AuditSource;
  query: AuditQuery;
  invalid: { path: PropertyKey[]; message: string }[] | null;
  back: string[];
}) {
  const filters = { orgId: query.org, range: resolveAuditRange(query), action: query.action, order: query.order };
  // Started together: the entries load while the org names for the filter and the table arrive.
  const devinEntries = source === 'devin' ? settle(listDevinAuditPage({ ...filters, first: PAGE_SIZE, after: query.after })) : null;
  const trailEntries =
    source === 'trail' ? settle(listTrailPage({ ...filters, actorSub: admin ? undefined : user.id, first: PAGE_SIZE, after: query.after })) : null;
  const orgs = await settle(listAllVisibleOrgs(user));
  const orgNames = new Map(orgs.ok ? orgs.value.map((o) => [o.orgId, o.name]) : []);
  const pager: PagerLinks = { base: search(source, query), after: query.after ?? null, back, pageSize: PAGE_SIZE };

  return (
    <div className="stack" style={{ gap: 16 }}>
      {invalid && (
        <ErrorNotice
          title="Those filters do not work"
          message={`${invalid.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}. Showing the last 7 days instead.`}
        />
      )}
      <AuditFilters source={source} query={query} orgs={source === 'devin' && orgs.ok ? orgs.value : undefined} />
      <section className="card" aria-labelledby="entries-heading">
        <div className="card-header">
          <h2 id="entries-heading">{source === 'devin' ? 'Entries' : admin ? 'Actions taken through the portal' : 'Your actions'}</h2>
          <a className="btn" href={`/api/audit/export?${search(source, query)}`} download>
            Export CSV
          </a>
        </div>
        <p className="small muted" style={{ marginTop: -6 }}>
          The export covers the whole range and filters, every page, and is itself recorded in the portal trail.
        </p>
        <Suspense key={search(source, query, query.after)} fallback={<SkeletonRows rows={8} label="Loading entries…" />}>
          {devinEntries && <DevinEntries entries={devinEntries} orgNames={orgNames} pager={pager} />}
          {trailEntries && <TrailEntries entries={trailEntries} orgNames={orgNames} showPerson={admin} pager={pager} />}
        </Suspense>
      </section>
    </div>
  );
}

type Loaded<T> = Promise<Settled<CursorPageDto<T>>>;

async function DevinEntries({ entries, orgNames, pager }: { entries: Loaded<AuditEntryDto>; orgNames: Map<string, string>; pager: PagerLinks }) {
  const result = await entries;
  if (!result.ok) return <ErrorNotice title="The log could not be loaded" message={toApiError(result.error).message} />;
  if (result.value.items.length === 0) return <NothingFound />;
  return (
    <>
      <DevinAuditTable entries={result.value.items} orgNames={orgNames} />
      <Pager page={result.value} links={pager} />
    </>
  );
}

async function TrailEntries(props: { entries: Loaded<TrailEntryDto>; orgNames: Map<string, string>; showPerson: boolean; pager: PagerLinks }) {
  const result = await props.entries;
  if (!result.ok) return <ErrorNotice title="The trail could not be loaded" message={toApiError(result.error).message} />;
  if (result.value.items.length === 0) return <NothingFound />;
  return (
    <>
      <TrailTable entries={result.value.items} orgNames={props.orgNames} showPerson={props.showPerson} />
      <Pager page={result.value} links={props.pager} />
    </>
  );
}

function NothingFound() {
  return (
    <div className="empty">
      <h3>Nothing in this range</h3>
      <p>Try a longer time range or another action.</p>
    </div>
  );
}

interface PagerLinks {
  /** The view's query string without paging. */
  base: string;
  after: string | null;
  /** Cursors of the pages before this one (see lib/forms/paging). */
  back: string[];
  pageSize: number;
}

function Pager({ page, links: p }: { page: CursorPageDto<unknown>; links: PagerLinks }) {
  const links = pageLinks(p.base, { after: p.after, back: p.back, endCursor: page.endCursor, hasNextPage: page.hasNextPage, count: page.items.length, pageSize: p.pageSize });
  return (
    <nav className="row" aria-label="Pages" style={{ justifyContent: 'space-between', marginTop: 12 }}>
      <span className="muted small" data-testid="audit-count">
        {pageSummary(links, { count: page.items.length, total: page.total, hasNextPage: page.hasNextPage, noun: 'entries', perPage: p.pageSize })}
      </span>
      <span className="row">
        {links.first !== null && (
          <Link href={`/audit?${links.first}`} className="btn btn-ghost">
            First page
          </Link>
        )}
        {links.previous !== null && (
          <Link href={`/audit?${links.previous}`} className="btn" rel="prev">
            ← Previous page
          </Link>
        )}
        {links.next !== null && (
          <Link href={`/audit?${links.next}`} className="btn" rel="next">
            Next page →
          </Link>
        )}
      </span>
    </nav>
  );
}
