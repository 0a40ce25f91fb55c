'use client';

import { useRef, useState } from 'react';
import useSWR from 'swr';
import { ActionDialog } from '@/app/(portal)/orgs/_components/action-dialog';
import type { OrgRequestView } from '@/lib/orgs/dto';
import { formatAcus, formatDateTime } from '@/lib/format';
import { apiFetch, fetcher } from '@/lib/swr/fetcher';
import { useLocalDecisions } from './decisions';

interface RequestsPage {
  items: OrgRequestView[];
  endCursor: string | null;
  hasNextPage: boolean;
}

const KEY = '/api/org-requests?queue=pending&first=50';

type Outcome = { kind: 'ok' | 'error'; text: string };

const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * Pending org requests, oldest first, refreshed while the page is open. Admins never decide on their own.
 * A confirmed decision moves the row to "Decided" at once; if the portal refuses it, the row comes back with the reason.
 */
export function ApprovalQueue({ initial, selfEmail, selfName }: { initial: RequestsPage; selfEmail: string; selfName: string }) {
  const { data, error, mutate } = useSWR<RequestsPage>(KEY, fetcher, { fallbackData: initial, refreshInterval: 30_000 });
  const local = useLocalDecisions();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const hidden = new Set(local.decisions.map((d) => d.request.id));
  const items = (data?.items ?? []).filter((r) => !hidden.has(r.id));

  const announce = (o: Outcome) => {
    setOutcome(o);
    requestAnimationFrame(() => noticeRef.current?.focus());
  };

  const decide = (r: OrgRequestView, verb: 'approve' | 'reject', reason: string) => {
    void local.put({
      saving: true,
      request: { ...r, status: verb === 'approve' ? 'creating' : 'rejected', decidedByEmail: selfEmail, decisionReason: reason || null, decidedAt: nowSeconds() },
    });
    announce({ kind: 'ok', text: verb === 'approve' ? `Approving ${r.name}…` : `Rejecting ${r.name}…` });
    void (async () => {
      try {
        const body = verb === 'approve' ? (reason ? { reason } : {}) : { reason };
        const saved = await apiFetch<OrgRequestView>(`/api/org-requests/${r.id}/${verb}`, { method: 'POST', json: body });
        await local.put({ saving: false, request: saved });
        await mutate();
        announce({
          kind: 'ok',
          text:
            verb === 'reject'
              ? `Rejected ${r.name}. ${r.requesterName} sees your reason.`
              : saved.status === 'created'
                ? `Approved ${r.name}: the organization is created and ${r.requesterName} is its admin.`
                : `Approved ${r.name}. ${saved.error ? `Creating it failed: ${saved.error.message}` : 'The organization is being created.'}`,
        });
      } catch (err) {
        await local.drop(r.id);
        await mutate();
        announce({ kind: 'error', text: `${verb === 'approve' ? 'Approving' : 'Rejecting'} ${r.name} did not work: ${err instanceof Error ? err.message : 'unknown error'} It is back in the queue.` });
      }
    })();
    return Promise.resolve();
  };

  return (
    <>
      <div ref={noticeRef} tabIndex={-1} aria-live="polite" data-testid="decision-notice">
        {outcome && (
          <div className={`alert ${outcome.kind === 'ok' ? 'alert-success' : 'alert-error'}`} role={outcome.kind === 'error' ? 'alert' : 'status'} style={{ marginBottom: 12 }}>
            {outcome.text}
          </div>
        )}
      </div>
      {items.length === 0 ? (
        <div className="empty" data-testid="queue-empty">
          <h3>Nothing is waiting</h3>
          <p>Requests within policy are created without an admin; the others show up here.</p>
        </div>
      ) : (
        <div className="table-wrap">
          {error && (
            <p className="small muted" role="status">
              Could not refresh the queue: {error instanceof Error ? error.message : 'unknown error'}
            </p>
          )}
          <table data-testid="approval-queue" className="table-stack">
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
                    <th scope="row">
                      <strong>{r.name}</strong>
                      <div className="small muted">{formatDateTime(r.createdAt)}</div>
                    </th>
                    <td data-label="Requested by">
                      <div>
                        {r.requesterName}
                        <div className="small muted">{r.requesterEmail}</div>
                      </div>
                    </td>
                    <td data-label="Limits" className="num">
                      <div>
                        {formatAcus(r.maxCycleAcuLimit)} / cycle
                        <div className="small muted">{formatAcus(r.maxSessionAcuLimit)} / session</div>
                      </div>
                    </td>
                    <td data-label="Reason" style={{ maxWidth: 320 }}>
                      {r.reason}
                    </td>
                    <td data-label="Expires">{formatDateTime(r.expiresAt)}</td>
                    <td data-label="Decision">
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
                                The portal creates the organization with {formatAcus(r.maxCycleAcuLimit)} per cycle and {formatAcus(r.maxSessionAcuLimit)}{' '}
                                per session, then makes {r.requesterName} its admin. The trail records you, {selfName}, as the approver.
                              </p>
                            }
                            reason={{ label: 'Note for the requester', required: false }}
                            confirmLabel="Approve and create"
                            onConfirm={(reason) => decide(r, 'approve', reason)}
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
                            onConfirm={(reason) => decide(r, 'reject', reason)}
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
      )}
    </>
  );
}
