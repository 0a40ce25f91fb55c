import Link from 'next/link';
import { ErrorNotice } from '@/app/_components/error-notice';
import { toApiError } from '@/lib/api/errors';
import type { PortalUser } from '@/lib/auth/types';
import { formatAcus, formatDateTime } from '@/lib/format';
import { loadPendingApprovals } from '@/lib/overview/dashboard';
import { settle } from '@/lib/settle';
import styles from './overview.module.css';

/** Org requests waiting for a portal admin, oldest first. */
export async function PendingApprovalsPanel({ user }: { user: PortalUser }) {
  const result = await settle(loadPendingApprovals(user));
  if (!result.ok) return <ErrorNotice title="The approval queue could not be loaded" message={toApiError(result.error).message} />;
  const { items, more } = result.value;
  if (items.length === 0) {
    return (
      <p className="muted" data-testid="pending-approvals-empty" style={{ margin: 0 }}>
        Nothing is waiting for a decision.
      </p>
    );
  }
  return (
    <div data-testid="pending-approvals">
      <ul className={styles.list}>
        {items.map((r) => (
          <li key={r.id}>
            <div className={styles.itemMain}>
              <Link href="/approvals">{r.name}</Link>
              <div className="small muted">
                {r.requesterName} · {formatAcus(r.maxCycleAcuLimit)} per cycle
              </div>
            </div>
            <span className="small muted">Expires {formatDateTime(r.expiresAt)}</span>
          </li>
        ))}
      </ul>
      {more && (
        <p className="small" style={{ marginTop: 8, marginBottom: 0 }}>
          <Link href="/approvals">More requests are waiting</Link>
        </p>
      )}
    </div>
  );
}
