import { actionOptions, DEVIN_AUDIT_ACTIONS } from '@/lib/audit/actions';
import { AUDIT_RANGES, PORTAL_TRAIL_ACTIONS, type AuditQuery, type AuditRangePreset, type AuditSource } from '@/lib/audit/schemas';
import { ActionCombobox } from './action-combobox';
import styles from './audit.module.css';

const DEVIN_OPTIONS = actionOptions(DEVIN_AUDIT_ACTIONS);
const TRAIL_OPTIONS = actionOptions(PORTAL_TRAIL_ACTIONS);

/** A plain GET form: every filtered view has its own URL and works before any JavaScript has loaded. */
export function AuditFilters({
  source,
  query,
  orgs,
}: {
  source: AuditSource;
  query: AuditQuery;
  /** Org choices, for the Devin log; omitted when the person cannot filter by org. */
  orgs?: { orgId: string; name: string }[];
}) {
  return (
    <form method="get" action="/audit" className={`card ${styles.filters}`} aria-label="Filter the log">
      <input type="hidden" name="source" value={source} />
      {orgs && (
        <div className="field">
          <label htmlFor="audit-org">Organization</label>
          <select id="audit-org" name="org" defaultValue={query.org ?? ''}>
            <option value="">Whole enterprise</option>
            {orgs.map((o) => (
              <option key={o.orgId} value={o.orgId}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor="audit-range">Time range</label>
        <select id="audit-range" name="range" defaultValue={query.range}>
          {(Object.keys(AUDIT_RANGES) as AuditRangePreset[]).map((r) => (
            <option key={r} value={r}>
              {AUDIT_RANGES[r]}
            </option>
          ))}
        </select>
      </div>
      <div className={styles.custom}>
        <div className="field">
          <label htmlFor="audit-from">From (UTC)</label>
          <input id="audit-from" name="from" type="date" defaultValue={query.from} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">To (UTC, included)</label>
          <input id="audit-to" name="to" type="date" defaultValue={query.to} />
        </div>
      </div>
      {/* Keyed by what it shows: a link that changes only the query (the source tabs) keeps client state otherwise. */}
      <ActionCombobox
        key={`${source}|${query.action ?? ''}`}
        id="audit-action"
        name="action"
        label="Action"
        defaultValue={query.action ?? ''}
        options={source === 'devin' ? DEVIN_OPTIONS : TRAIL_OPTIONS}
        hint="Type to search; empty means any action. A name not listed is sent as typed."
      />
      <div className="field">
        <label htmlFor="audit-order">Order</label>
        <select id="audit-order" name="order" defaultValue={query.order}>
          <option value="desc">Newest first</option>
          <option value="asc">Oldest first</option>
        </select>
      </div>
      <button type="submit" className="btn btn-primary">
        Apply
      </button>
      <p className={`small muted ${styles.note}`}>
        Times are UTC.{source === 'devin' && ' Devin serves at most 100 days per request; longer ranges are read in 100-day windows, one after the other.'}
      </p>
    </form>
  );
}
