'use client';

import Link from 'next/link';
import { formatAcus, formatDateTime } from '@/lib/format';
import { errorText, summarizeError } from '@/lib/sessions/error-text';
import type { SessionsPageDto } from '@/lib/sessions/schemas';
import { useSessions } from '@/lib/swr/use-sessions';
import { OwnerLabel } from './owner-label';
import { StatusBadge } from './status-badge';
import styles from './sessions.module.css';

/** The sessions list, kept current while any session on the page is still going. */
export function SessionsTable({ initial, search, after, showOrg }: { initial: SessionsPageDto; search: string; after: string | null; showOrg: boolean }) {
  const query = after ? `${search}${search ? '&' : ''}after=${encodeURIComponent(after)}` : search;
  const { page, error } = useSessions(query, initial);
  const orgName = new Map(page.orgs.map((o) => [o.orgId, o.name]));
  const nextHref = page.hasNextPage && page.endCursor ? `/sessions?${search}${search ? '&' : ''}after=${encodeURIComponent(page.endCursor)}` : null;

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
          <table data-testid="sessions-table">
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
                <th scope="col">Started by</th>
                <th scope="col">Created</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((s) => (
                <tr key={s.sessionId}>
                  <td className={styles.titleCell}>
                    <Link href={`/sessions/${s.orgId}/${s.sessionId}`}>{s.title || 'Untitled session'}</Link>
                    <div className="small">
                      <a href={s.url} target="_blank" rel="noreferrer">
                        Open in Devin<span className="sr-only"> (opens in a new tab)</span> ↗
                      </a>
                    </div>
                  </td>
                  {showOrg && <td>{orgName.get(s.orgId) ?? <span className="mono">{s.orgId}</span>}</td>}
                  <td>
                    <StatusBadge status={s.status} detail={s.statusDetail} archived={s.isArchived} />
                  </td>
                  <td>
                    <div className={styles.tags}>
                      {s.tags.length === 0 && <span className="muted">—</span>}
                      {s.tags.map((t) => (
                        <span key={t} className="badge">
                          {t}
                        </span>
                      ))}
                    </div>
                  </td>
                  <td className="num">{formatAcus(s.acusConsumed)}</td>
                  <td>
                    {s.pullRequests.length === 0 ? (
                      <span className="muted">—</span>
                    ) : (
                      <ul className="stack" style={{ listStyle: 'none', margin: 0, padding: 0, gap: 2 }}>
                        {s.pullRequests.map((pr) => (
                          <li key={pr.url}>
                            <a href={pr.url} target="_blank" rel="noreferrer">
                              {pr.url.replace(/^https?:\/\/(www\.)?/, '')}
                            </a>
                            {pr.state && <span className="muted small"> · {pr.state}</span>}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td>
                    <OwnerLabel owner={s.owner} />
                  </td>
                  <td>{formatDateTime(s.createdAt)}</td>
                  <td>{formatDateTime(s.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(after || nextHref) && (
        <nav className={styles.pager} aria-label="Pages">
          {after ? (
            <Link href={`/sessions${search ? `?${search}` : ''}`} className="btn btn-ghost">
              ← First page
            </Link>
          ) : (
            <span />
          )}
          {nextHref && (
            <Link href={nextHref} className="btn">
              Next page →
            </Link>
          )}
        </nav>
      )}
    </>
  );
}
