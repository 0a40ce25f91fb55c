'use client';

import useSWR from 'swr';
import { ActionDialog } from '@/app/(portal)/orgs/_components/action-dialog';
import type { OrgRequestView } from '@/lib/orgs/dto';
import { formatAcus, formatDateTime } from '@/lib/format';
import { apiFetch, fetcher } from '@/lib/swr/fetcher';

interface RequestsPage {
  items: OrgRequestView[];
  endCursor: string | null;
  hasNextPage: boolean;
}

const KEY = '/api/org-requests?queue=pending&first=50';

/** Pending org requests, oldest first, refreshed while the page is open. Admins never decide on their own. */
export function ApprovalQueue({ initial, selfEmail }: { initial: RequestsPage; selfEmail: string }) {
  const { data, error, mutate } = useSWR<RequestsPage>(KEY, fetcher, { fallbackData: initial, refreshInterval: 30_000 });
  const items = data?.items ?? [];
  if (items.length === 0) {
    return (
      <div className="empty" data-testid="queue-empty">
        <h3>Nothing is waiting</h3>
        <p>Requests within policy are created without an admin; the others show up here.</p>
      </div>
    );
  }
  return (
    <div className="table-wrap">
      {error && (
        <p className="small muted" role="status">
          Could not refresh the queue: {error instanceof Error ? error.message : 'unknown error'}
        </p>
      )}
      <table data-testid="approval-queue">
        <caption className="sr-only">Organization requests waiting for a decision, oldest first</caption>
        <thead>
          <tr>
            <th scope="col">Organization</th>
            <th scope="col">Requested by</th>
            <th scope="col" className="num">
              Limits
            </th>
            <th scope="col">Reason</th>
            <th scope="col">Expires</th>
            <th scope="col">
              <span className="sr-only">Decision</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => {
            const own = r.requesterEmail === selfEmail;
            return (
              <tr key={r.id} data-testid={`request-${r.id}`}>
                <td>
                  <strong>{r.name}</strong>
                  <div className="small muted">{formatDateTime(r.createdAt)}</div>
                </td>
                <td>
                  {r.requesterName}
                  <div className="small muted">{r.requesterEmail}</div>
                </td>
                <td className="num">
                  {formatAcus(r.maxCycleAcuLimit)} / cycle
                  <div className="small muted">{formatAcus(r.maxSessionAcuLimit)} / session</div>
                </td>
                <td style={{ maxWidth: 320 }}>{r.reason}</td>
                <td>{formatDateTime(r.expiresAt)}</td>
                <td>
                  {own ? (
                    <span className="small muted">Your own request: another admin decides.</span>
                  ) : (
                    <div className="row" style={{ flexWrap: 'nowrap' }}>
                      <ActionDialog
                        triggerLabel="Approve"
                        triggerAriaLabel={`Approve ${r.name}`}
                        triggerClassName="btn btn-primary"
                        title={`Approve ${r.name}?`}
                        description={
                          <p>
                            The portal creates the organization with {formatAcus(r.maxCycleAcuLimit)} per cycle and {formatAcus(r.maxSessionAcuLimit)} per
                            session, then makes {r.requesterName} its admin. The trail records you as the approver.
                          </p>
                        }
                        reason={{ label: 'Note for the requester', required: false }}
                        confirmLabel="Approve and create"
                        onConfirm={async (reason) => {
                          await apiFetch(`/api/org-requests/${r.id}/approve`, { method: 'POST', json: reason ? { reason } : {} });
                          await mutate();
                        }}
                      />
                      <ActionDialog
                        triggerLabel="Reject"
                        triggerAriaLabel={`Reject ${r.name}`}
                        triggerClassName="btn"
                        title={`Reject ${r.name}?`}
                        description={<p>{r.requesterName} sees your reason next to the request.</p>}
                        reason={{ label: 'Reason', required: true, hint: 'For example: use the existing Platform org, or ask for a lower limit.' }}
                        confirmLabel="Reject request"
                        confirmClassName="btn btn-danger"
                        onConfirm={async (reason) => {
                          await apiFetch(`/api/org-requests/${r.id}/reject`, { method: 'POST', json: { reason } });
                          await mutate();
                        }}
                      />
                    </div>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
