'use client';

import Link from 'next/link';
import { formatDateTime } from '@/lib/format';
import { pageLinks, pageSummary } from '@/lib/forms/paging';
import { errorText, summarizeError } from '@/lib/sessions/error-text';
import type { SessionsPageDto } from '@/lib/sessions/schemas';
import { useSessions } from '@/lib/swr/use-sessions';
import { OwnerLabel } from './owner-label';
import { StatusBadge } from './status-badge';
import styles from './sessions.module.css';

const acus = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** "https://github.com/acme/ledger/pull/3534" → "ledger#3534"; other hosts keep their path. */
function shortPrName(url: string): string {
  const pull = /\/([^/]+)\/pull\/(\d+)/.exec(url);
  return pull ? `${pull[1]}#${pull[2]}` : url.replace(/^https?:\/\/(www\.)?/, '');
}

/** The sessions list, kept current while any session on the page is still going. */
export function SessionsTable({
  initial,
  search,
  after,
  back,
  pageSize,
  showOrg,
}: {
  initial: SessionsPageDto;
  search: string;
  after: string | null;
  /** Cursors of the pages before this one (see lib/forms/paging). */
  back: string[];
  pageSize: number;
  showOrg: boolean;
}) {
  const query = after ? `${search}${search ? '&' : ''}after=${encodeURIComponent(after)}` : search;
  const { page, error } = useSessions(query, initial);
  const orgName = new Map(page.orgs.map((o) => [o.orgId, o.name]));
  const links = pageLinks(search, {
    after,
    back,
    endCursor: page.endCursor,
    hasNextPage: page.hasNextPage,
    count: page.items.length,
    pageSize,
    offset: page.offset,
  });
  // Across several orgs a page holds up to `pageSize` from each, so only a one-org listing has a fixed page size.
  const summary = pageSummary(links, { count: page.items.length, total: page.total, hasNextPage: page.hasNextPage, noun: 'sessions', perPage: showOrg ? null : pageSize });
  const href = (q: string) => `/sessions${q ? `?${q}` : ''}`;

  return (
    <>
      {error && (
        <div className="alert alert-warning" role="status" style={{ marginBottom: 12 }}>
          Showing the last list that loaded. {errorText(summarizeError(error))}
        </div>
      )}
      {page.failures.length > 0 && (
        <div className="alert alert-warning" role="status" style={{ marginBottom: 12 }} data-testid="sessions-partial">
          <strong>Some organizations could not be read</strong>
          {page.failures.map((f) => `${f.name}: ${f.message}`).join(' ')}
        </div>
      )}
      {page.items.length === 0 ? (
        <div className="empty" data-testid="sessions-empty">
          <h3>{after ? 'No more sessions' : 'No sessions match'}</h3>
          <p>{page.orgs.length === 0 && !after ? 'You are not in any Devin organization yet.' : 'Try other filters, or start a session.'}</p>
        </div>
      ) : (
        <div className="table-wrap">
          <table data-testid="sessions-table" className="table-stack">
            <caption className="sr-only">Sessions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Session</th>
                {showOrg && <th scope="col">Organization</th>}
                <th scope="col">Status</th>
                <th scope="col">Tags</th>
                <th scope="col" className="num">
                  ACUs
                </th>
                <th scope="col">Pull requests</th>
                <th scope="col">Started</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((s) => (
                <tr key={s.sessionId}>
                  <th scope="row" className={styles.titleCell}>
                    <Link href={`/sessions/${s.orgId}/${s.sessionId}`}>{s.title || 'Untitled session'}</Link>
                    <div className="small">
                      <a href={s.url} target="_blank" rel="noreferrer">
                        Open in Devin<span className="sr-only"> (opens in a new tab)</span> ↗
                      </a>
                    </div>
                  </th>
                  {showOrg && <td data-label="Organization">{orgName.get(s.orgId) ?? <span className="mono">{s.orgId}</span>}</td>}
                  <td data-label="Status" className={styles.nowrap}>
                    <StatusBadge status={s.status} detail={s.statusDetail} archived={s.isArchived} />
                  </td>
                  <td data-label="Tags" data-empty={s.tags.length === 0 || undefined}>
                    <div className={styles.tags}>
                      {s.tags.length === 0 && <span className="muted">—</span>}
                      {s.tags.map((t) => (
                        <span key={t} className="badge">
                          {t}
                        </span>
                      ))}
                    </div>
                  </td>
                  <td data-label="ACUs" className="num">
                    {acus.format(s.acusConsumed)}
                  </td>
                  <td data-label="Pull requests" data-empty={s.pullRequests.length === 0 || undefined}>
                    {s.pullRequests.length === 0 ? (
                      <span className="muted">—</span>
                    ) : (
                      <ul className="stack" style={{ listStyle: 'none', margin: 0, padding: 0, gap: 2 }}>
                        {s.pullRequests.map((pr) => (
                          <li key={pr.url} className={styles.nowrap}>
                            <a href={pr.url} target="_blank" rel="noreferrer" title={pr.url}>
                              {shortPrName(pr.url)}
                            </a>
                            {pr.state && <span className="muted small"> · {pr.state}</span>}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td data-label="Started">
                    <div>
                      <span className={styles.nowrap}>{formatDateTime(s.createdAt)}</span>
                      <div className="muted small">
                        by <OwnerLabel owner={s.owner} />
                      </div>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(page.items.length > 0 || after) && (
        <nav className={styles.pager} aria-label="Pages">
          <span className="muted small" data-testid="sessions-count" aria-live="polite">
            {summary}
          </span>
          <span className="row">
            {links.first !== null && (
              <Link href={href(links.first)} className="btn btn-ghost">
                First page
              </Link>
            )}
            {links.previous !== null && (
              <Link href={href(links.previous)} className="btn" rel="prev">
                ← Previous page
              </Link>
            )}
            {links.next !== null && (
              <Link href={href(links.next)} className="btn" rel="next">
                Next page →
              </Link>
            )}
          </span>
        </nav>
      )}
    </>
  );
}
