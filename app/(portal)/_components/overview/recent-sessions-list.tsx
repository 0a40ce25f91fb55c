'use client';

import Link from 'next/link';
import { StatusBadge } from '@/app/(portal)/sessions/_components/status-badge';
import { formatAcus, formatDateTime } from '@/lib/format';
import type { SessionsPageDto } from '@/lib/sessions/schemas';
import { useSessions } from '@/lib/swr/use-sessions';
import styles from './overview.module.css';

/** The person's newest sessions; their status keeps itself current while any of them is still going. */
export function RecentSessionsList({ initial, search }: { initial: SessionsPageDto; search: string }) {
  const { page } = useSessions(search, initial);
  const orgName = new Map(page.orgs.map((o) => [o.orgId, o.name]));
  return (
    <ul className={styles.list} data-testid="recent-sessions">
      {page.items.map((s) => (
        <li key={s.sessionId}>
          <div className={styles.itemMain}>
            <Link href={`/sessions/${s.orgId}/${s.sessionId}`}>{s.title || 'Untitled session'}</Link>
            <div className="small muted">
              {orgName.get(s.orgId) ?? s.orgId} · {formatDateTime(s.createdAt)} · {formatAcus(s.acusConsumed)}
            </div>
          </div>
          <StatusBadge status={s.status} detail={s.statusDetail} archived={s.isArchived} />
        </li>
      ))}
    </ul>
  );
}
