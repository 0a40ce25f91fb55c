import type { AuditEntryDto, TrailEntryDto } from '@/lib/audit/schemas';
import { formatDateTime } from '@/lib/format';
import styles from './audit.module.css';

const MAX_FIELDS = 8;
const MAX_VALUE = 120;

function show(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}…` : text;
}

/** An entry's free-form data as short key: value pairs; the CSV export carries it in full. */
function DataList({ data }: { data: Record<string, unknown> }) {
  const entries = Object.entries(data).filter(([, v]) => v !== null && v !== undefined && v !== '');
  if (entries.length === 0) return <span className="muted">—</span>;
  return (
    <dl className={`${styles.data} small mono`}>
      {entries.slice(0, MAX_FIELDS).map(([k, v]) => (
        <div key={k}>
          <dt>{k}:</dt>
          <dd>{show(v)}</dd>
        </div>
      ))}
      {entries.length > MAX_FIELDS && <div className="muted">+{entries.length - MAX_FIELDS} more</div>}
    </dl>
  );
}

function OrgCell({ orgId, orgNames }: { orgId: string | null; orgNames: Map<string, string> }) {
  if (!orgId) return <span className="muted">Enterprise</span>;
  return (
    <div>
      {orgNames.get(orgId) ?? <span className="mono small">{orgId}</span>}
      {orgNames.has(orgId) && <div className="mono small muted">{orgId}</div>}
    </div>
  );
}

export function DevinAuditTable({ entries, orgNames }: { entries: AuditEntryDto[]; orgNames: Map<string, string> }) {
  return (
    <div className="table-wrap">
      <table data-testid="audit-table" className={`table-stack ${styles.log}`}>
        <caption className="sr-only">Devin audit log entries</caption>
        <thead>
          <tr>
            <th scope="col">When (UTC)</th>
            <th scope="col">Action</th>
            <th scope="col">Organization</th>
            <th scope="col">Who</th>
            <th scope="col">Data</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id} data-testid="audit-row">
              <th scope="row" className={styles.when}>
                <time dateTime={new Date(e.at * 1000).toISOString()}>{formatDateTime(e.at).replace(' UTC', '')}</time>
              </th>
              <td data-label="Action">
                <span className={`badge ${styles.action}`}>{e.action}</span>
              </td>
              <td data-label="Organization">
                <OrgCell orgId={e.orgId} orgNames={orgNames} />
              </td>
              <td data-label="Who">
                <div>
                {e.userEmail ?? (e.userId && <span className="mono small">{e.userId}</span>)}
                {e.serviceUserName && (
                  <div className={e.userEmail || e.userId ? 'small muted' : undefined}>
                    {e.serviceUserName} <span className="muted small">(service user)</span>
                  </div>
                )}
                {!e.userEmail && !e.userId && !e.serviceUserName && <span className="muted">—</span>}
                {e.portalPerson && (
                  <div className={styles.via} data-testid="portal-person">
                    <span className="badge badge-accent" title={`Portal action ${e.portalPerson.action}`}>
                      via the portal: {e.portalPerson.name}
                    </span>
                    <div className="small muted">{e.portalPerson.email}</div>
                  </div>
                )}
                </div>
              </td>
              <td data-label="Data">
                <DataList data={e.data} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function TrailTable({ entries, orgNames, showPerson }: { entries: TrailEntryDto[]; orgNames: Map<string, string>; showPerson: boolean }) {
  return (
    <div className="table-wrap">
      <table data-testid="trail-table" className={`table-stack ${styles.log}`}>
        <caption className="sr-only">Actions taken through the portal</caption>
        <thead>
          <tr>
            <th scope="col">When (UTC)</th>
            {showPerson && <th scope="col">Who</th>}
            <th scope="col">Action</th>
            <th scope="col">Organization</th>
            <th scope="col">Outcome</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id} data-testid="trail-row">
              <th scope="row" className={styles.when}>
                <time dateTime={new Date(e.at * 1000).toISOString()}>{formatDateTime(e.at).replace(' UTC', '')}</time>
              </th>
              {showPerson && (
                <td data-label="Who">
                  <div>
                    {e.actorName}
                    <div className="small muted">{e.actorEmail}</div>
                  </div>
                </td>
              )}
              <td data-label="Action">
                <span className={`badge ${styles.action}`}>{e.action}</span>
              </td>
              <td data-label="Organization">
                <OrgCell orgId={e.orgId} orgNames={orgNames} />
              </td>
              <td data-label="Outcome">
                {e.outcome === 'ok' ? (
                  <span className="badge badge-success">Done</span>
                ) : (
                  <span className="badge badge-danger">Failed{e.errorCode ? `: ${e.errorCode}` : ''}</span>
                )}
              </td>
              <td data-label="Details">
                <DataList data={{ ...e.targetIds, ...(e.input && typeof e.input === 'object' ? (e.input as Record<string, unknown>) : {}) }} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
