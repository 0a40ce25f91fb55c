import { AUDIT_RANGES, COMMON_DEVIN_ACTIONS, PORTAL_TRAIL_ACTIONS, type AuditQuery, type AuditRangePreset, type AuditSource } from '@/lib/audit/schemas';
import styles from './audit.module.css';

/** "create_session" → "Create session", "session.create" → "Session create": the list people pick from reads as words. */
export function readableAction(action: string): string {
  const words = action.replace(/[._]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

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
  const actions = source === 'devin' ? COMMON_DEVIN_ACTIONS : PORTAL_TRAIL_ACTIONS;
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
      <div className="field">
        <label htmlFor="audit-action">Action</label>
        <input
          id="audit-action"
          name="action"
          list="audit-actions"
          defaultValue={query.action}
          placeholder="Type to search, e.g. session"
          autoComplete="off"
          aria-describedby="audit-action-hint"
        />
        <span id="audit-action-hint" className="hint">
          Pick from the suggestions; empty means any action.
        </span>
        <datalist id="audit-actions">
          {actions.map((a) => (
            <option key={a} value={a}>
              {readableAction(a)}
            </option>
          ))}
        </datalist>
      </div>
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
