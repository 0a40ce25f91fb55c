import type { OrgRequestStatus } from '@/lib/storage/schema';

/*
 * An org request's life, as one table: which status may follow which. Every status change in the store goes
 * through `transition()` (lib/orgs/request-store.ts), a conditional UPDATE that names the statuses it moves from,
 * so two instances acting on one request at once cannot both succeed.
 *
 *   pending ──approve / policy──▶ creating ──▶ created ──(org deleted in Devin)──▶ deleted
 *      │                           │  ▲
 *      ├─reject──▶ rejected        ▼  │ retry (or a stale claim taken over)
 *      ├─withdraw──▶ withdrawn    failed
 *      └─deadline──▶ expired
 */
export const TRANSITIONS: Readonly<Record<OrgRequestStatus, readonly OrgRequestStatus[]>> = {
  pending: ['creating', 'rejected', 'withdrawn', 'expired'],
  // A claim whose worker went silent is taken over by another: creating → creating.
  creating: ['created', 'failed', 'creating'],
  failed: ['creating'],
  created: ['deleted'],
  rejected: [],
  withdrawn: [],
  expired: [],
  deleted: [],
};

export function canTransition(from: OrgRequestStatus, to: OrgRequestStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Requests in these statuses hold one of the requester's org slots. */
export const SLOT_STATUSES: readonly OrgRequestStatus[] = ['pending', 'creating', 'created'];

/** Still open: a name is taken while a request for it is in one of these. */
export const OPEN_STATUSES: readonly OrgRequestStatus[] = ['pending', 'creating'];

/**
 * The status as of `nowS`: a pending request past its deadline is expired, whether or not the job that marks
 * it has run yet, so a read never has to write to tell the truth.
 */
export function effectiveStatus(row: { status: OrgRequestStatus; expires_at: number | null }, nowS: number): OrgRequestStatus {
  return row.status === 'pending' && row.expires_at !== null && Number(row.expires_at) <= nowS ? 'expired' : row.status;
}
