import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { ErrorNotice } from '@/app/_components/error-notice';
import { SkeletonRows } from '@/app/_components/skeleton-rows';
import { orgStanding } from '@/lib/access/resolve';
import { toApiError } from '@/lib/api/errors';
import { orgIdSchema } from '@/lib/api/params';
import { requireUser } from '@/lib/auth/session';
import { formatAcus, formatDate, formatDateTime } from '@/lib/format';
import { loadCycleConsumption, loadOrgForMember, loadRecentSessions } from '@/lib/orgs/org-detail';
import { listOrgGroupMembers, listOrgMembers, listOrgRoles } from '@/lib/orgs/members';
import { getOrgPolicy } from '@/lib/orgs/policy-config';
import { can } from '@/lib/policy/permissions';
import { settle, type Settled } from '@/lib/settle';
import { UpstreamError } from '@/lib/upstream/errors';
import type { Organization } from '@/lib/upstream/types';
import { StatusBadge } from '../../sessions/_components/status-badge';
import { AddMemberForm } from '../_components/add-member-form';
import { OrgAdminActions } from '../_components/org-admin-actions';
import { RemoveMemberButton } from '../_components/remove-member-button';
import styles from '../orgs.module.css';

export const metadata: Metadata = { title: 'Organization' };

interface Props {
  params: Promise<{ orgId: string }>;
  searchParams: Promise<{ created?: string; membersAfter?: string }>;
}

export default async function OrgPage({ params, searchParams }: Props) {
  const user = await requireUser();
  const parsedId = orgIdSchema.safeParse((await params).orgId);
  if (!parsedId.success) notFound();
  const orgId = parsedId.data;
  const sp = await searchParams;
  // The same resolution and loader as GET /api/orgs/[orgId]. The standing comes from the cached org access; once
  // it allows the page, every upstream read the page needs starts at once (the org and each panel's data), so the
  // page costs one round trip to Devin, not one per step. Settled promises: a panel never throws, and reads left
  // behind by a 404 are simply dropped.
  const resolved = await settle(orgStanding(user, orgId));
  if (!resolved.ok) return orgFailure(resolved.error);
  const standing = resolved.value.org;
  const membership = standing.membership;
  const canManageMembers = standing.isOrgAdmin;
  const panels: PanelReads = {
    usage: settle(loadCycleConsumption(orgId)),
    members: Promise.all([settle(listOrgMembers(orgId, { first: 50, after: sp.membersAfter })), canManageMembers ? settle(listOrgRoles()) : null]),
    groupMembers: settle(listOrgGroupMembers(orgId, { first: GROUP_MEMBERS_SHOWN })),
    sessions: settle(loadRecentSessions(orgId)),
  };
  const org = await settle(loadOrgForMember(standing));
  if (!org.ok) return orgFailure(org.error);
  const o = org.value;
  return (
    <>
      <div className="page-header">
        <div>
          <p className="small">
            <Link href="/orgs">← Organizations</Link>
          </p>
          <h1>{o.name}</h1>
          <p className="row">
            <span className="mono">{o.orgId}</span>
            {membership && <span className="badge badge-accent">You: {membership.roleName}</span>}
          </p>
        </div>
        {can(user, 'orgs.manage') && <OrgAdminActions org={o} policy={getOrgPolicy()} />}
      </div>
      {sp.created && (
        <div className="alert alert-success" role="status" style={{ marginBottom: 16 }}>
          <strong>Your organization is ready</strong>
          You are its admin, so you can start sessions and add your team right away.
        </div>
      )}
      <div className="stack" style={{ gap: 16 }}>
        <div className={styles.twoCol}>
          <section className="card" aria-labelledby="limits-heading">
            <h2 id="limits-heading">Limits</h2>
            <dl className="kv">
              <dt>Per billing cycle</dt>
              <dd data-testid="cycle-limit">{formatAcus(o.maxCycleAcuLimit)}</dd>
              <dt>Per session</dt>
              <dd data-testid="session-limit">{formatAcus(o.maxSessionAcuLimit)}</dd>
              <dt>Created</dt>
              <dd>{formatDate(o.createdAt)}</dd>
              <dt>Last changed</dt>
              <dd>{formatDateTime(o.updatedAt)}</dd>
            </dl>
          </section>
          <section className="card" aria-labelledby="usage-heading">
            <h2 id="usage-heading">This cycle</h2>
            <Suspense fallback={<SkeletonRows rows={2} label="Loading consumption…" />}>
              <CycleUsage org={o} usage={panels.usage} />
            </Suspense>
          </section>
        </div>
        <section className="card" aria-labelledby="members-heading">
          <div className="card-header">
            <h2 id="members-heading">Members</h2>
          </div>
          <Suspense key={sp.membersAfter} fallback={<SkeletonRows rows={4} label="Loading members…" />}>
            <Members orgId={orgId} after={sp.membersAfter} canManage={canManageMembers} selfEmail={user.email} data={panels.members} />
          </Suspense>
          <Suspense fallback={<SkeletonRows rows={2} label="Loading members through IdP groups…" />}>
            <GroupMembers data={panels.groupMembers} />
          </Suspense>
        </section>
        <section className="card" aria-labelledby="sessions-heading">
          <div className="card-header">
            <h2 id="sessions-heading">Recent sessions</h2>
            <Link href={`/sessions?org=${orgId}`}>All sessions</Link>
          </div>
          <Suspense fallback={<SkeletonRows rows={3} label="Loading sessions…" />}>
            <RecentSessions orgId={orgId} data={panels.sessions} />
          </Suspense>
        </section>
      </div>
    </>
  );
}

interface PanelReads {
  usage: Promise<Settled<Awaited<ReturnType<typeof loadCycleConsumption>>>>;
  members: Promise<[Settled<Awaited<ReturnType<typeof listOrgMembers>>>, Settled<Awaited<ReturnType<typeof listOrgRoles>>> | null]>;
  groupMembers: Promise<Settled<Awaited<ReturnType<typeof listOrgGroupMembers>>>>;
  sessions: Promise<Settled<Awaited<ReturnType<typeof loadRecentSessions>>>>;
}

function orgFailure(err: unknown) {
  const error = toApiError(err);
  if (error.code === 'not_found') notFound();
  return <ErrorNotice title="This organization could not be loaded" message={error.message} />;
}

async function CycleUsage({ org, usage }: { org: Organization; usage: PanelReads['usage'] }) {
  const result = await usage;
  if (!result.ok) return <ErrorNotice title="Consumption could not be loaded" message={toApiError(result.error).message} />;
  const { used, cycle } = result.value;
  const limit = org.maxCycleAcuLimit;
  const share = limit ? Math.min(used / limit, 1) : null;
  return (
    <div data-testid="cycle-usage">
      <p style={{ fontSize: 20, fontWeight: 650, margin: 0 }}>
        {formatAcus(used)}
        <span className="muted" style={{ fontSize: 14, fontWeight: 400 }}>
          {limit ? ` of ${formatAcus(limit)}` : ' used, no cycle limit'}
        </span>
      </p>
      {limit !== null && (
        <meter className={styles.meter} min={0} max={limit} low={limit * 0.75} high={limit * 0.9} optimum={0} value={Math.min(used, limit)} aria-label="ACUs used this cycle">
          {Math.round((share ?? 0) * 100)}%
        </meter>
      )}
      <p className="small muted">
        {cycle ? `Cycle ${formatDate(cycle.after)} – ${formatDate(cycle.before)}` : 'Current billing cycle'}
        {share !== null && share >= 0.9 && <span className="badge badge-danger" style={{ marginLeft: 8 }}>{share >= 1 ? 'Limit reached' : 'Near the limit'}</span>}
      </p>
    </div>
  );
}

async function Members({ orgId, after, canManage, selfEmail, data }: { orgId: string; after?: string; canManage: boolean; selfEmail: string; data: PanelReads['members'] }) {
  const [members, roles] = await data;
  if (!members.ok) return <ErrorNotice title="Members could not be loaded" message={toApiError(members.error).message} />;
  const page = members.value;
  return (
    <div className="stack" style={{ gap: 12 }}>
      {page.items.length === 0 ? (
        <div className="empty">
          <h3>No direct members</h3>
          <p>People may still belong through an IdP group.</p>
        </div>
      ) : (
        <div className="table-wrap">
          <table data-testid="members-table">
            <caption className="sr-only">Members and their roles</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                {canManage && (
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {page.items.map((m) => (
                <tr key={m.userId}>
                  <td>{m.name ?? <span className="muted">—</span>}</td>
                  <td>{m.email ?? <span className="muted">—</span>}</td>
                  <td>{m.role ? <span className="badge">{m.role.roleName}</span> : <span className="muted">—</span>}</td>
                  {canManage && (
                    <td className="num">
                      {m.email !== selfEmail && <RemoveMemberButton orgId={orgId} userId={m.userId} label={m.name ?? m.email ?? m.userId} />}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(after || page.hasNextPage) && (
        <nav className="row" aria-label="Member pages">
          {after && (
            <Link href={`/orgs/${orgId}`} className="btn">
              First page
            </Link>
          )}
          {page.hasNextPage && page.endCursor && (
            <Link href={`/orgs/${orgId}?${new URLSearchParams({ membersAfter: page.endCursor })}`} className="btn" rel="next">
              More members
            </Link>
          )}
        </nav>
      )}
      {canManage &&
        (roles?.ok ? (
          <AddMemberForm orgId={orgId} roles={roles.value.map((r) => ({ roleId: r.roleId, roleName: r.roleName }))} />
        ) : (
          roles && <ErrorNotice title="Roles could not be loaded, so members cannot be added" message={toApiError(roles.error).message} />
        ))}
    </div>
  );
}

const GROUP_MEMBERS_SHOWN = 100;

/** People who belong through an IdP group: read-only here, since the IdP, not Devin, decides who is in a group. */
async function GroupMembers({ data }: { data: PanelReads['groupMembers'] }) {
  const result = await data;
  if (!result.ok) {
    const error = toApiError(result.error);
    const refused = result.error instanceof UpstreamError && (result.error.status === 403 || result.error.status === 404);
    if (refused) return <p className="small muted">Members through IdP groups cannot be listed: {error.message}</p>;
    return <ErrorNotice title="Members through IdP groups could not be loaded" message={error.message} />;
  }
  const page = result.value;
  if (page.items.length === 0) return null;
  return (
    <div className="stack" style={{ gap: 8, marginTop: 20 }}>
      <h3 id="group-members-heading" style={{ margin: 0 }}>
        Through IdP groups
      </h3>
      <p className="small muted" style={{ margin: 0 }}>
        Membership comes from your identity provider&apos;s groups; change it there.
      </p>
      <div className="table-wrap">
        <table data-testid="group-members-table" aria-labelledby="group-members-heading">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Group and role</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((m) => (
              <tr key={m.userId}>
                <td>{m.name ?? <span className="muted">—</span>}</td>
                <td>{m.email ?? <span className="muted">—</span>}</td>
                <td>
                  {m.grants.map((g) => (
                    <span key={`${g.groupName}:${g.roleName}`} className="badge" style={{ marginRight: 4 }}>
                      {g.groupName}: {g.roleName}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {page.hasNextPage && (
        <p className="small muted">
          Showing the first {page.items.length}
          {page.total !== null ? ` of ${page.total}` : ''}.
        </p>
      )}
    </div>
  );
}

async function RecentSessions({ orgId, data }: { orgId: string; data: PanelReads['sessions'] }) {
  const result = await data;
  if (!result.ok) return <ErrorNotice title="Sessions could not be loaded" message={toApiError(result.error).message} />;
  const sessions = result.value;
  if (sessions.length === 0) {
    return (
      <div className="empty">
        <h3>No sessions yet</h3>
        <p>
          <Link href={`/sessions/new?org=${orgId}`}>Start the first one</Link>.
        </p>
      </div>
    );
  }
  return (
    <div className="table-wrap">
      <table>
        <caption className="sr-only">The five most recent sessions</caption>
        <thead>
          <tr>
            <th scope="col">Session</th>
            <th scope="col">Status</th>
            <th scope="col">Started</th>
            <th scope="col" className="num">
              ACUs
            </th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.sessionId}>
              <td>
                <Link href={`/sessions/${orgId}/${s.sessionId}`}>{s.title || 'Untitled session'}</Link>
              </td>
              <td>
                <StatusBadge status={s.status} detail={s.statusDetail} archived={s.isArchived} />
              </td>
              <td>{formatDateTime(s.createdAt)}</td>
              <td className="num">{formatAcus(s.acusConsumed)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
