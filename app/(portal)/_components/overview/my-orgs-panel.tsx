import Link from 'next/link';
import { ErrorNotice } from '@/app/_components/error-notice';
import { toApiError } from '@/lib/api/errors';
import type { PortalUser } from '@/lib/auth/types';
import { formatAcus } from '@/lib/format';
import { loadMyOrgStanding } from '@/lib/overview/dashboard';
import { describeForecast } from '@/lib/overview/forecast-view';
import { can } from '@/lib/policy/permissions';
import { settle } from '@/lib/settle';
import styles from './overview.module.css';

/** The person's orgs, each linked, with this cycle's use against its cap and where the cycle is heading. */
export async function MyOrgsPanel({ user }: { user: PortalUser }) {
  const result = await settle(loadMyOrgStanding(user));
  if (!result.ok) return <ErrorNotice title="Your organizations could not be loaded" message={toApiError(result.error).message} />;
  const { orgs, cycle, visibleCount } = result.value;
  if (orgs.length === 0) {
    return (
      <div className="empty" data-testid="orgs-empty">
        <h3>You are not in any Devin organization yet</h3>
        <p>
          {user.role === 'admin'
            ? `You can see all ${visibleCount} organizations, but Devin does not list you as a member of any.`
            : 'Request one for your team, or ask your team lead to add you to theirs.'}
        </p>
        <div className="row" style={{ justifyContent: 'center' }}>
          {user.role === 'admin' && (
            <Link href="/orgs" className="btn">
              All organizations
            </Link>
          )}
          {can(user, 'orgs.request') && (
            <Link href="/orgs/new" className="btn btn-primary">
              Request an organization
            </Link>
          )}
        </div>
      </div>
    );
  }
  return (
    <>
      <div className="table-wrap">
        <table data-testid="orgs-table" className="table-stack">
          <caption className="sr-only">Your organizations and their use of this cycle&apos;s cap</caption>
          <thead>
            <tr>
              <th scope="col">Organization</th>
              <th scope="col">Your role</th>
              <th scope="col">This cycle</th>
            </tr>
          </thead>
          <tbody>
            {orgs.map((org) => {
              const view = org.forecast ? describeForecast(org.forecast, cycle) : null;
              const used = org.forecast?.cycleAcus ?? null;
              return (
                <tr key={org.orgId}>
                  <th scope="row">
                    <Link href={`/orgs/${org.orgId}`}>{org.name}</Link>
                  </th>
                  <td data-label="Your role">{org.roleName ? <span className="badge">{org.roleName}</span> : <span className="muted">—</span>}</td>
                  <td data-label="This cycle" className={styles.meterCell}>
                    {used === null ? (
                      <span className="small muted">Not available: {org.error}</span>
                    ) : (
                      <div className={styles.meterWrap}>
                        <div>
                          <strong>{formatAcus(used)}</strong>
                          <span className="muted">{org.cap !== null ? ` of ${formatAcus(org.cap)}` : ', no cap'}</span>
                        </div>
                        {org.cap !== null && (
                          <meter
                            className={styles.meter}
                            min={0}
                            max={org.cap}
                            low={org.cap * 0.75}
                            high={org.cap * 0.9}
                            optimum={0}
                            value={Math.min(used, org.cap)}
                            aria-label={`${org.name}: share of this cycle's cap used`}
                          >
                            {Math.round((used / org.cap) * 100)}%
                          </meter>
                        )}
                        {view && (
                          <div className={`small ${styles[`tone-${view.tone}`]}`} title={`${view.basis} Confidence: ${view.confidence.toLowerCase()}.`}>
                            {view.text}
                          </div>
                        )}
                      </div>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {user.role === 'admin' && visibleCount > orgs.length && (
        <p className="small muted" style={{ marginTop: 8, marginBottom: 0 }}>
          You are a member of {orgs.length}; <Link href="/orgs">see all {visibleCount} organizations</Link>.
        </p>
      )}
    </>
  );
}
