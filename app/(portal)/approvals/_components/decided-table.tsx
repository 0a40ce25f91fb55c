'use client';

import Link from 'next/link';
import { RequestStatus } from '@/app/(portal)/orgs/_components/request-status';
import { RetryRequestButton } from '@/app/(portal)/orgs/_components/retry-request-button';
import type { OrgRequestView } from '@/lib/orgs/dto';
import { formatAcus, formatDateTime } from '@/lib/format';
import { useLocalDecisions } from './decisions';

const needsRetry = (r: OrgRequestView) => r.status === 'failed' || (r.status === 'created' && r.memberStatus === 'failed');

/** Decided requests: what the server listed, with decisions just taken on this page on top (on the first page only). */
export function DecidedTable({ initial, selfEmail, firstPage }: { initial: OrgRequestView[]; selfEmail: string; firstPage: boolean }) {
  const { decisions } = useLocalDecisions();
  const fresh = firstPage ? decisions : [];
  const freshIds = new Set(fresh.map((d) => d.request.id));
  const rows = [...fresh.map((d) => ({ r: d.request, saving: d.saving })), ...initial.filter((r) => !freshIds.has(r.id)).map((r) => ({ r, saving: false }))];
  if (rows.length === 0) {
    return (
      <div className="empty">
        <h3>Nothing decided yet</h3>
        <p>Approved, rejected, expired and withdrawn requests are listed here.</p>
      </div>
    );
  }
  return (
    <div className="table-wrap">
      <table data-testid="decided-requests" className="table-stack">
        <caption className="sr-only">Decided organization requests</caption>
        <thead>
          <tr>
            <th scope="col">Organization</th>
            <th scope="col">Requested by</th>
            <th scope="col" className="num">
              Cycle limit
            </th>
            <th scope="col">Status</th>
            <th scope="col">Decision</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ r, saving }) => (
            <tr key={r.id} aria-busy={saving || undefined}>
              <th scope="row">{r.orgId && r.status === 'created' ? <Link href={`/orgs/${r.orgId}`}>{r.name}</Link> : r.name}</th>
              <td data-label="Requested by">
                <div>
                  {r.requesterName}
                  <div className="small muted">{r.requesterEmail}</div>
                </div>
              </td>
              <td data-label="Cycle limit" className="num">
                {formatAcus(r.maxCycleAcuLimit)}
              </td>
              <td data-label="Status">
                <div>
                  <RequestStatus status={r.status} />
                  {saving && <span className="small muted"> Saving…</span>}
                  {r.error && <div className="small field-error">{r.error.message}</div>}
                  {!saving && needsRetry(r) && r.requesterEmail !== selfEmail && <RetryRequestButton requestId={r.id} name={r.name} />}
                </div>
              </td>
              <td data-label="Decision">
                <div>
                  {r.autoApproved ? <span className="muted">Within policy</span> : (r.decidedByEmail ?? <span className="muted">—</span>)}
                  {r.decisionReason && !r.autoApproved && <div className="small muted">“{r.decisionReason}”</div>}
                  {r.decidedAt && <div className="small muted">{formatDateTime(r.decidedAt)}</div>}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
