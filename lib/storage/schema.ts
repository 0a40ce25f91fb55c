import type { Generated } from 'kysely';

/** The portal store's tables, as Kysely sees them. Times are Unix seconds; JSON is stored as text on both dialects. */
export interface Database {
  trail_events: TrailEventsTable;
  trail_targets: TrailTargetsTable;
  org_requests: OrgRequestsTable;
  idempotency_keys: IdempotencyKeysTable;
  session_submissions: SessionSubmissionsTable;
  sign_in_sessions: SignInSessionsTable;
  rate_limit_buckets: RateLimitBucketsTable;
  leases: LeasesTable;
  cache_versions: CacheVersionsTable;
  jobs: JobsTable;
  alerts: AlertsTable;
}

/** A short exclusive hold on a key (one change at a time, across every instance); expires on its own. */
export interface LeasesTable {
  key: string;
  holder: string;
  /** Unix milliseconds. */
  expires_at: number;
}

/** A counter per cache scope, bumped by every change the portal makes itself, so every instance drops stale entries at once. */
export interface CacheVersionsTable {
  scope: string;
  version: number;
}

export interface TrailEventsTable {
  id: string;
  at: number;
  actor_sub: string;
  actor_email: string;
  actor_name: string;
  action: string;
  org_id: string | null;
  /** JSON object: role of the id → upstream id. */
  target_ids: string;
  /** JSON, redacted before it is written. */
  input: string | null;
  outcome: 'ok' | 'error';
  error_code: string | null;
  request_id: string;
  upstream_request_id: string | null;
}

/** One row per upstream id an event touched, so the Devin audit log can be joined back by id. */
export interface TrailTargetsTable {
  event_id: string;
  name: string;
  target_id: string;
}

export type OrgRequestStatus =
  | 'pending'
  | 'creating'
  | 'created'
  | 'failed'
  | 'rejected'
  | 'expired'
  | 'withdrawn'
  /** The org was created and has since been deleted. */
  | 'deleted';
export type MemberStatus = 'pending' | 'added' | 'failed';

export interface OrgRequestsTable {
  id: string;
  requester_sub: string;
  requester_email: string;
  requester_name: string;
  name: string;
  /** Case- and accent-insensitive form of the name, for spotting a second request for the same org. */
  name_key: string;
  max_cycle_acu_limit: number;
  max_session_acu_limit: number;
  reason: string;
  status: OrgRequestStatus;
  /** True when policy let the request through without an admin. */
  auto_approved: number;
  decided_by_sub: string | null;
  decided_by_email: string | null;
  decision_reason: string | null;
  decided_at: number | null;
  org_id: string | null;
  member_status: MemberStatus;
  error_code: string | null;
  error_message: string | null;
  attempts: Generated<number>;
  claimed_at: number | null;
  created_at: number;
  updated_at: number;
  expires_at: number | null;
}

export interface IdempotencyKeysTable {
  /** Scoped by actor and action, so one person's key can never replay another's result. */
  key: string;
  actor_sub: string;
  scope: string;
  request_hash: string;
  resource_id: string;
  created_at: number;
}

export interface SessionSubmissionsTable {
  id: string;
  actor_sub: string;
  org_id: string;
  prompt_hash: string;
  session_id: string | null;
  created_at: number;
}

/** One sign-in: the session cookie carries only `sid`. Revoked or past `expires_at`, the cookie is worthless. */
export interface SignInSessionsTable {
  sid: string;
  sub: string;
  email: string;
  email_verified: number;
  name: string;
  /** JSON array: the IdP groups at sign-in, from which the role is re-derived against current configuration. */
  groups: string;
  /** The IdP's own session id (the ID token's `sid`), for OIDC back-channel logout. */
  idp_sid: string | null;
  created_at: number;
  /** Absolute: created_at + the configured lifetime; never extended. */
  expires_at: number;
  revoked_at: number | null;
  revoked_reason: string | null;
}

export interface RateLimitBucketsTable {
  key: string;
  tokens: number;
  /** Milliseconds since the epoch when `tokens` was last computed. */
  updated_ms: number;
}

export type JobStatus = 'pending' | 'running' | 'done' | 'failed' | 'cancelled';

/** Scheduled work (lib/jobs): claimed by one runner at a time, done once, retried with backoff. */
export interface JobsTable {
  id: string;
  kind: string;
  dedupe_key: string | null;
  /** JSON. */
  payload: string;
  org_id: string | null;
  /** The person the job acts for (its writes are recorded in their name); null for the portal's own housekeeping. */
  actor_sub: string | null;
  actor_email: string | null;
  actor_name: string | null;
  status: JobStatus;
  /** When the next attempt may run. */
  due_at: number;
  /** When the job was first due; lateness is measured from here. */
  scheduled_at: number;
  attempts: Generated<number>;
  max_attempts: number;
  last_error: string | null;
  locked_by: string | null;
  /** A running job whose lease ran out (its runner died) is claimed again. */
  locked_until: number | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

export type AlertStatus = 'open' | 'cleared';

/** One row per episode of a condition (lib/alerts): opened once, sent once, cleared when the condition ends. */
export interface AlertsTable {
  id: string;
  kind: string;
  subject: string;
  /** `kind:subject`; unique among open alerts. */
  dedupe_key: string;
  status: AlertStatus;
  severity: 'info' | 'warning' | 'critical';
  summary: string;
  /** JSON. */
  details: string;
  org_id: string | null;
  opened_at: number;
  last_seen_at: number;
  cleared_at: number | null;
  sent_at: number | null;
  delivery_error: string | null;
}
