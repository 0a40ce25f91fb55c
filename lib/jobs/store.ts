import 'server-only';
import { hostname } from 'node:os';
import { PostgresAdapter, sql, type Selectable } from 'kysely';
import { timeOrderedId } from '@/lib/ids';
import { getDb, type Db } from '@/lib/storage/db';
import type { JobsTable, JobStatus } from '@/lib/storage/schema';

export type JobRow = Selectable<JobsTable>;

/** The person a job acts for: its upstream writes are recorded in their name. */
export interface JobActor {
  sub: string;
  email: string;
  name: string;
}

export interface Job {
  id: string;
  kind: string;
  payload: unknown;
  orgId: string | null;
  actor: JobActor | null;
  status: JobStatus;
  dueAt: number;
  /** When it was first due (retries move dueAt, not this). */
  scheduledAt: number;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

export interface NewJob {
  kind: string;
  payload?: unknown;
  /** Unix seconds. */
  dueAt: number;
  /** At most one job per key, ever: a second enqueue with the same key is a no-op. */
  dedupeKey?: string;
  orgId?: string | null;
  actor?: JobActor | null;
  maxAttempts?: number;
}

const DEFAULT_MAX_ATTEMPTS = 10;
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** This process's name in `locked_by`, so a finished job can only be completed by the runner that claimed it. */
export const WORKER_ID = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;

/** Adds a job; returns its id, or null when a job with the same dedupe key already exists. */
export async function enqueueJob(job: NewJob, db?: Db): Promise<string | null> {
  const store = db ?? (await getDb());
  const at = nowSeconds();
  const row = await store
    .insertInto('jobs')
    .values({
      id: timeOrderedId(),
      kind: job.kind,
      dedupe_key: job.dedupeKey ?? null,
      payload: JSON.stringify(job.payload ?? {}),
      org_id: job.orgId ?? null,
      actor_sub: job.actor?.sub ?? null,
      actor_email: job.actor?.email ?? null,
      actor_name: job.actor?.name ?? null,
      status: 'pending',
      due_at: job.dueAt,
      scheduled_at: job.dueAt,
      attempts: 0,
      max_attempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * Claims up to `limit` jobs that are due (or whose runner's lease ran out) for this worker, in due order.
 * On PostgreSQL the candidate rows are locked with FOR UPDATE SKIP LOCKED, so instances running the sweep
 * together each get different jobs and never wait for one another; SQLite serialises writers on its file lock,
 * and the claim is one UPDATE statement, so a row is claimed once there too.
 */
export async function claimDueJobs(opts: { now: number; limit: number; leaseSeconds: number; worker?: string }): Promise<Job[]> {
  const db = await getDb();
  const { now } = opts;
  let candidates = db
    .selectFrom('jobs')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'pending'), eb('due_at', '<=', now)]),
        eb.and([eb('status', '=', 'running'), eb('locked_until', '<', now)]),
      ]),
    )
    .orderBy('due_at')
    .limit(opts.limit);
  if (isPostgres(db)) candidates = candidates.forUpdate().skipLocked();
  const rows = await db
    .updateTable('jobs')
    .set({
      status: 'running',
      locked_by: opts.worker ?? WORKER_ID,
      locked_until: now + opts.leaseSeconds,
      attempts: sql<number>`attempts + 1`,
      updated_at: now,
    })
    .where('id', 'in', candidates)
    .returningAll()
    .execute();
  return rows.sort((a, b) => a.due_at - b.due_at).map(toJob);
}

/** Marks a claimed job done; false when this worker no longer holds it (its lease ran out and another took it). */
export async function completeJob(id: string, worker = WORKER_ID): Promise<boolean> {
  const db = await getDb();
  const at = nowSeconds();
  const res = await db
    .updateTable('jobs')
    .set({ status: 'done', finished_at: at, updated_at: at, locked_by: null, locked_until: null, last_error: null })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where('locked_by', '=', worker)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Records a failed attempt: due again at `retryAt`, or `failed` for good when `retryAt` is null. */
export async function failJob(id: string, error: string, retryAt: number | null, worker = WORKER_ID): Promise<boolean> {
  const db = await getDb();
  const at = nowSeconds();
  const res = await db
    .updateTable('jobs')
    .set({
      status: retryAt === null ? 'failed' : 'pending',
      due_at: retryAt ?? sql<number>`due_at`,
      last_error: error.slice(0, 2_000),
      finished_at: retryAt === null ? at : null,
      updated_at: at,
      locked_by: null,
      locked_until: null,
    })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where('locked_by', '=', worker)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** An admin's "try again": a failed job becomes due now with a few more attempts. */
export async function retryFailedJob(id: string, extraAttempts = 3): Promise<boolean> {
  const db = await getDb();
  const at = nowSeconds();
  const res = await db
    .updateTable('jobs')
    .set({ status: 'pending', due_at: at, max_attempts: sql<number>`attempts + ${extraAttempts}`, finished_at: null, updated_at: at })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Cancels pending jobs of a kind by dedupe key (e.g. a revocation someone did by hand). */
export async function cancelJob(dedupeKey: string): Promise<boolean> {
  const db = await getDb();
  const at = nowSeconds();
  const res = await db
    .updateTable('jobs')
    .set({ status: 'cancelled', finished_at: at, updated_at: at })
    .where('dedupe_key', '=', dedupeKey)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Jobs still not done `overdueSeconds` after their due time, and jobs that used up their attempts. */
export async function listStuckJobs(now: number, overdueSeconds: number): Promise<{ overdue: Job[]; failed: Job[] }> {
  const db = await getDb();
  const rows = await db
    .selectFrom('jobs')
    .selectAll()
    .where((eb) => eb.or([eb.and([eb('status', 'in', ['pending', 'running']), eb('scheduled_at', '<', now - overdueSeconds)]), eb('status', '=', 'failed')]))
    .orderBy('scheduled_at')
    .limit(500)
    .execute();
  const jobs = rows.map(toJob);
  return { overdue: jobs.filter((j) => j.status !== 'failed'), failed: jobs.filter((j) => j.status === 'failed') };
}

export async function listJobs(f: { kind?: string; orgId?: string; status?: JobStatus[]; limit?: number } = {}): Promise<Job[]> {
  const db = await getDb();
  let q = db.selectFrom('jobs').selectAll();
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.orgId) q = q.where('org_id', '=', f.orgId);
  if (f.status) q = q.where('status', 'in', f.status);
  const rows = await q.orderBy('due_at', 'desc').limit(f.limit ?? 200).execute();
  return rows.map(toJob);
}

/** Removes finished jobs (of `kinds`, or all) that finished before `olderThan` (Unix seconds). */
export async function pruneFinishedJobs(olderThan: number, kinds?: string[]): Promise<number> {
  const db = await getDb();
  let q = db.deleteFrom('jobs').where('status', 'in', ['done', 'cancelled']).where('finished_at', '<', olderThan);
  if (kinds) q = q.where('kind', 'in', kinds);
  const res = await q.executeTakeFirst();
  return Number(res.numDeletedRows);
}

function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

function toJob(r: JobRow): Job {
  let payload: unknown = {};
  try {
    payload = JSON.parse(r.payload);
  } catch {
    payload = {};
  }
  return {
    id: r.id,
    kind: r.kind,
    payload,
    orgId: r.org_id,
    actor: r.actor_sub ? { sub: r.actor_sub, email: r.actor_email ?? '', name: r.actor_name ?? '' } : null,
    status: r.status,
    dueAt: Number(r.due_at),
    scheduledAt: Number(r.scheduled_at),
    attempts: Number(r.attempts),
    maxAttempts: Number(r.max_attempts),
    lastError: r.last_error,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    finishedAt: r.finished_at === null ? null : Number(r.finished_at),
  };
}
