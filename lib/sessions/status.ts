/** Session statuses as Devin reports them, and how the portal words and groups them. Client-safe. */
export const SESSION_STATUSES = ['new', 'claimed', 'running', 'resuming', 'suspended', 'exit', 'error'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export type StatusTone = 'neutral' | 'accent' | 'success' | 'warning' | 'danger';

const LABELS: Record<SessionStatus, string> = {
  new: 'Queued',
  claimed: 'Starting',
  running: 'Running',
  resuming: 'Resuming',
  suspended: 'Suspended',
  exit: 'Finished',
  error: 'Failed',
};

const DETAIL_LABELS: Record<string, string> = {
  working: 'working',
  waiting_for_user: 'waiting for you',
  waiting_for_approval: 'waiting for approval',
  finished: 'finished',
  inactivity: 'idle',
  user_request: 'put to sleep',
  usage_limit_exceeded: 'usage limit reached',
  out_of_credits: 'out of credits',
  out_of_quota: 'out of quota',
  no_quota_allocation: 'no quota allocated',
  payment_declined: 'payment declined',
  org_usage_limit_exceeded: 'org usage limit reached',
  total_session_limit_exceeded: 'session limit reached',
  error: 'error',
};

function isKnown(status: string): status is SessionStatus {
  return (SESSION_STATUSES as readonly string[]).includes(status);
}

/** Ended for good: Devin will not work on it again, so there is nothing left to poll. A status Devin adds later is not final. */
export function isFinalStatus(status: string): boolean {
  return status === 'exit' || status === 'error';
}

/**
 * The one vocabulary for a session's state, used on every page. An `exit` is "Finished" only when Devin says it
 * finished the work (`status_detail: finished`); an exit without that was stopped before the end: "Terminated".
 */
export function describeStatus(status: string, detail: string | null): { label: string; detail: string | null; tone: StatusTone } {
  const waiting = detail === 'waiting_for_user' || detail === 'waiting_for_approval';
  if (status === 'exit') return detail === 'finished' ? { label: 'Finished', detail: null, tone: 'success' } : { label: 'Terminated', detail: null, tone: 'neutral' };
  const tone: StatusTone = status === 'error' ? 'danger' : status === 'suspended' || waiting ? 'warning' : 'accent';
  const label = isKnown(status) ? LABELS[status] : humanize(status);
  const detailLabel = detail ? (DETAIL_LABELS[detail] ?? humanize(detail).toLowerCase()) : null;
  // "Finished · finished" says nothing twice.
  return { label, detail: detailLabel === label.toLowerCase() ? null : detailLabel, tone };
}

/** The status filter people choose from; each maps onto one or more Devin statuses. */
export const STATUS_FILTERS = {
  active: { label: 'In progress', statuses: ['new', 'claimed', 'running', 'resuming'] },
  suspended: { label: 'Suspended', statuses: ['suspended'] },
  exit: { label: 'Finished or terminated', statuses: ['exit'] },
  error: { label: 'Failed', statuses: ['error'] },
} as const satisfies Record<string, { label: string; statuses: readonly SessionStatus[] }>;

export type StatusFilter = keyof typeof STATUS_FILTERS;

export function matchesStatusFilter(status: string, filter: StatusFilter | undefined): boolean {
  return !filter || (STATUS_FILTERS[filter].statuses as readonly string[]).includes(status);
}

function humanize(value: string): string {
  const words = value.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
