'use client';

import Link from 'next/link';
import useSWR from 'swr';
import type { OrgRequestView } from '@/lib/orgs/dto';
import { formatAcus, formatDateTime } from '@/lib/format';
import { apiFetch, fetcher } from '@/lib/swr/fetcher';
import { ActionDialog } from './action-dialog';
import { RequestStatus } from './request-status';
import { RetryRequestButton } from './retry-request-button';

interface RequestsPage {
  items: OrgRequestView[];
  endCursor: string | null;
  hasNextPage: boolean;
}

const KEY = '/api/org-requests?queue=mine&first=20';

/** The person's own org requests; refreshes itself while one is still waiting, so an approval shows up without a reload. */
export function MyRequests({ initial }: { initial: RequestsPage }) {
  const { data, error, mutate } = useSWR<RequestsPage>(KEY, fetcher, {
    fallbackData: initial,
    refreshInterval: (latest) => (latest?.items.some((r) => r.status === 'pending' || r.status === 'creating') ? 15_000 : 0),
  });
  const items = data?.items ?? [];
  if (items.length === 0) {
    return (
      <div className="empty">
        <h3>No requests yet</h3>
        <p>Requests you make for new organizations show up here with their status.</p>
      </div>
    );
  }
  return (
    <div className="table-wrap">
      {error && (
        <p className="small muted" role="status">
          Could not refresh: {error instanceof Error ? error.message : 'unknown error'}
        </p>
      )}
      <table data-testid="my-requests">
        <caption className="sr-only">Your organization requests</caption>
        <thead>
          <tr>
            <th scope="col">Organization</th>
            <th scope="col" className="num">
              Cycle limit
            </th>
            <th scope="col">Requested</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.id} data-testid={`my-request-${r.id}`}>
              <td>
                {r.status === 'created' && r.orgId ? <Link href={`/orgs/${r.orgId}`}>{r.name}</Link> : r.name}
                {r.decisionReason && r.status !== 'created' && <div className="small muted">“{r.decisionReason}”</div>}
                {r.error && <div className="small field-error">{r.error.message}</div>}
              </td>
              <td className="num">{formatAcus(r.maxCycleAcuLimit)}</td>
              <td>{formatDateTime(r.createdAt)}</td>
              <td>
                <RequestStatus status={r.status} />
                {r.status === 'pending' && r.expiresAt && <div className="small muted">until {formatDateTime(r.expiresAt)}</div>}
                {r.decidedByEmail && <div className="small muted">by {r.decidedByEmail}</div>}
              </td>
              <td className="num">
                {r.autoApproved && (r.status === 'failed' || (r.status === 'created' && r.memberStatus === 'failed')) && (
                  <RetryRequestButton requestId={r.id} name={r.name} onDone={() => mutate()} />
                )}
                {r.status === 'pending' && (
                  <ActionDialog
                    triggerLabel="Withdraw"
                    triggerAriaLabel={`Withdraw the request for ${r.name}`}
                    triggerClassName="btn btn-ghost"
                    title={`Withdraw the request for ${r.name}?`}
                    description="Admins will no longer see it. You can request the organization again later."
                    confirmLabel="Withdraw request"
                    confirmClassName="btn btn-danger"
                    onConfirm={async () => {
                      await apiFetch(`/api/org-requests/${r.id}/withdraw`, { method: 'POST' });
                      await mutate();
                    }}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
