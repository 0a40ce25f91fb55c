import Link from 'next/link';
import { ErrorNotice } from '@/app/_components/error-notice';
import { toApiError } from '@/lib/api/errors';
import type { PortalUser } from '@/lib/auth/types';
import { loadMyRecentSessions } from '@/lib/overview/dashboard';
import { can } from '@/lib/policy/permissions';
import { settle } from '@/lib/settle';
import { RecentSessionsList } from './recent-sessions-list';

export async function RecentSessionsPanel({ user }: { user: PortalUser }) {
  const result = await settle(loadMyRecentSessions(user));
  if (!result.ok) return <ErrorNotice title="Your sessions could not be loaded" message={toApiError(result.error).message} />;
  const { page, search } = result.value;
  if (page.items.length === 0) {
    return (
      <div className="empty" data-testid="recent-sessions-empty">
        <h3>No sessions of yours yet</h3>
        {can(user, 'sessions.write') && page.orgs.length > 0 ? (
          <p>
            <Link href="/sessions/new">Start one</Link>: Devin works on it while you follow along here.
          </p>
        ) : (
          <p>Sessions you start appear here with their live status.</p>
        )}
      </div>
    );
  }
  return <RecentSessionsList initial={page} search={search} />;
}
