import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ErrorNotice } from '@/app/_components/error-notice';
import { toApiError } from '@/lib/api/errors';
import { resolveAccess } from '@/lib/access/resolve';
import { requireUser } from '@/lib/auth/session';
import { resolveOrgs } from '@/lib/sessions/orgs';
import { sessionParamsSchema, type FallbackReason } from '@/lib/sessions/schemas';
import { getSessionDetail, readSessionMessages } from '@/lib/sessions/session';
import { settle } from '@/lib/settle';
import { SessionLive } from '../../_components/session-live';

export const metadata: Metadata = { title: 'Session' };

const FALLBACK_TEXT: Record<FallbackReason, string> = {
  'impersonation-not-permitted': "the portal's Devin token is not allowed to act as you (it lacks ImpersonateOrgSessions)",
  'not-a-member': 'Devin does not list you as a member of this organization',
};

export default async function SessionPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgId: string; sessionId: string }>;
  searchParams: Promise<{ started?: string; reason?: string }>;
}) {
  const user = await requireUser();
  const parsed = sessionParamsSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const { orgId, sessionId } = parsed.data;
  const { started, reason } = await searchParams;

  // The same resolution the API's session routes use: org membership, the session checked to be in that org.
  const loaded = await settle(
    resolveAccess(user, 'session-viewer', { orgId, sessionId }).then((access) =>
      Promise.all([getSessionDetail(access), readSessionMessages(access), resolveOrgs(user, [orgId], 'viewer')]),
    ),
  );
  if (!loaded.ok) {
    const error = toApiError(loaded.error);
    if (error.code === 'not_found') notFound();
    return <ErrorNotice title="This session could not be loaded" message={error.message} />;
  }
  const [session, messages, { orgs }] = loaded.value;
  const orgName = orgs[0]?.name ?? orgId;
  const sessionCap = orgs[0]?.maxSessionAcuLimit ?? null;

  return (
    <>
      <div className="page-header">
        <div>
          <nav aria-label="Breadcrumb" className="small">
            <Link href="/sessions">Sessions</Link> / <Link href={`/sessions?org=${orgId}`}>{orgName}</Link> /
          </nav>
          <h1>{session.title || 'Untitled session'}</h1>
          <p className="mono">{session.sessionId}</p>
        </div>
        <a href={session.url} target="_blank" rel="noreferrer" className="btn">
          Open in Devin<span className="sr-only"> (opens in a new tab)</span> ↗
        </a>
      </div>
      {started === 'you' && (
        <div className="alert alert-success" role="status" style={{ marginBottom: 16 }} data-testid="started-notice">
          Session started as you: it counts as yours in Devin, and the portal recorded it in its trail.
        </div>
      )}
      {started === 'service-user' && (
        <div className="alert alert-warning" role="status" style={{ marginBottom: 16 }} data-testid="started-notice">
          <strong>Started as the portal&apos;s service user, not as you</strong>
          Because {FALLBACK_TEXT[reason as FallbackReason] ?? 'Devin would not attribute it to you'}, Devin counts this session as the
          service user&apos;s. The portal recorded that you started it, and tagged it with your email.
        </div>
      )}
      <SessionLive initial={session} initialMessages={messages} orgName={orgName} sessionCap={sessionCap} />
    </>
  );
}
