import 'server-only';
import { decodeCursor, encodeCursor } from '@/lib/cursor';
import { z } from 'zod';
import { errorFields, log } from '@/lib/observability/logger';
import type { Selectable, SelectQueryBuilder, Transaction } from 'kysely';
import { toApiError } from '@/lib/api/errors';
import type { PortalUser } from '@/lib/auth/types';
import { timeOrderedId } from '@/lib/ids';
import { getDb } from '@/lib/storage/db';
import type { Database, TrailEventsTable } from '@/lib/storage/schema';
import { UpstreamError } from '@/lib/upstream/errors';
import { redact } from './redact';

export interface TrailEvent {
  id: string;
  /** Unix seconds. */
  at: number;
  actorSub: string;
  actorEmail: string;
  actorName: string;
  action: string;
  orgId: string | null;
  targetIds: Record<string, string>;
  input: unknown;
  outcome: 'ok' | 'error';
  errorCode: string | null;
  requestId: string;
  upstreamRequestId: string | null;
}

export interface TrailPage {
  items: TrailEvent[];
  endCursor: string | null;
  hasNextPage: boolean;
}

/** The error code of an event whose write was started but never finished (the process died mid-call). */
export const UNFINISHED = 'unfinished';

const now = () => Math.floor(Date.now() / 1000);

/**
 * Runs an upstream write and records who/what/which ids/when/outcome, success or failure; input is
 * redacted (token, secret, password, key material never stored). Returns run()'s result, rethrows its error.
 * The event is written before the call, so a write the store cannot record is never made.
 */
export async function recordWrite<T>(w: {
  actor: PortalUser;
  action: string;
  orgId?: string | null;
  input?: unknown;
  requestId: string;
  run: () => Promise<T>;
  targets?: (result: T) => Record<string, string>;
}): Promise<T> {
  const event = await insertEvent({
    actorSub: w.actor.id,
    actorEmail: w.actor.email,
    actorName: w.actor.name,
    action: w.action,
    orgId: w.orgId ?? null,
    targetIds: {},
    input: w.input,
    outcome: 'error',
    errorCode: UNFINISHED,
    requestId: w.requestId,
    upstreamRequestId: null,
  });
  let result: T;
  try {
    result = await w.run();
  } catch (err) {
    await finishEvent(event.id, {
      outcome: 'error',
      errorCode: toApiError(err).code,
      upstreamRequestId: err instanceof UpstreamError ? (err.requestId ?? null) : null,
      targetIds: {},
    });
    throw err;
  }
  await finishEvent(event.id, { outcome: 'ok', errorCode: null, upstreamRequestId: null, targetIds: targetsOf(w.targets, result) });
  return result;
}

/** Records an event that is not an upstream write (an export, a request, a decision). */
export async function recordEvent(e: Omit<TrailEvent, 'id' | 'at'> & { at?: number }): Promise<TrailEvent> {
  return insertEvent(e);
}

/** The trail, newest first by default, filtered and cursor-paged (`first` ≤ 200). */
export interface TrailFilters {
  actorSub?: string;
  orgId?: string;
  action?: string;
  timeAfter?: number;
  timeBefore?: number;
}

/** The filters as WHERE clauses on any select over trail_events (the page's rows or their count). */
function filtered<O>(q: SelectQueryBuilder<Database, 'trail_events', O>, f: TrailFilters): SelectQueryBuilder<Database, 'trail_events', O> {
  if (f.actorSub) q = q.where('actor_sub', '=', f.actorSub);
  if (f.orgId) q = q.where('org_id', '=', f.orgId);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.timeAfter !== undefined) q = q.where('at', '>=', f.timeAfter);
  if (f.timeBefore !== undefined) q = q.where('at', '<', f.timeBefore);
  return q;
}

/** How many events match the filters: the grand total a paged view shows. */
export async function countTrail(f: TrailFilters): Promise<number> {
  const db = await getDb();
  const row = await filtered(db.selectFrom('trail_events').select((eb) => eb.fn.countAll<number | string | bigint>().as('n')), f).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function listTrail(f: TrailFilters & {
  order?: 'asc' | 'desc';
  first?: number;
  after?: string | null;
}): Promise<TrailPage> {
  const db = await getDb();
  const order = f.order ?? 'desc';
  const first = Math.min(Math.max(f.first ?? 50, 1), 200);
  const cursor = f.after ? decodeCursor(f.after, cursorSchema) : null;
  let q = filtered(db.selectFrom('trail_events').selectAll(), f);
  if (cursor) {
    q = q.where((eb) =>
      eb.or([
        eb('at', order === 'desc' ? '<' : '>', cursor.at),
        eb.and([eb('at', '=', cursor.at), eb('id', order === 'desc' ? '<' : '>', cursor.id)]),
      ]),
    );
  }
  const rows = await q.orderBy('at', order).orderBy('id', order).limit(first + 1).execute();
  const items = rows.slice(0, first).map(toEvent);
  const last = items.at(-1);
  const hasNextPage = rows.length > first;
  return { items, hasNextPage, endCursor: hasNextPage && last ? encodeCursor({ at: last.at, id: last.id }) : null };
}

/** Events whose targetIds contain any of these upstream ids, oldest first (for joining the Devin audit log back to people). */
export async function findTrailByTargetIds(ids: string[]): Promise<TrailEvent[]> {
  const unique = [...new Set(ids.filter(Boolean))];
  if (unique.length === 0) return [];
  const db = await getDb();
  const found = new Map<string, TrailEvent>();
  // Bounded IN lists keep every statement well under both dialects' parameter limits.
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500);
    const rows = await db
      .selectFrom('trail_events')
      .selectAll()
      .where('id', 'in', (eb) => eb.selectFrom('trail_targets').select('event_id').where('target_id', 'in', chunk))
      .execute();
    for (const row of rows) found.set(row.id, toEvent(row));
  }
  return [...found.values()].sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
}

async function insertEvent(e: Omit<TrailEvent, 'id' | 'at'> & { at?: number }): Promise<TrailEvent> {
  const db = await getDb();
  const event: TrailEvent = {
    ...e,
    id: timeOrderedId(),
    at: e.at ?? now(),
    input: e.input === undefined ? null : redact(e.input),
  };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('trail_events')
      .values({
        id: event.id,
        at: event.at,
        actor_sub: event.actorSub,
        actor_email: event.actorEmail,
        actor_name: event.actorName,
        action: event.action,
        org_id: event.orgId,
        target_ids: JSON.stringify(event.targetIds),
        input: event.input === null ? null : JSON.stringify(event.input),
        outcome: event.outcome,
        error_code: event.errorCode,
        request_id: event.requestId,
        upstream_request_id: event.upstreamRequestId,
      })
      .execute();
    await insertTargets(trx, event.id, event.targetIds);
  });
  return event;
}

function targetsOf<T>(targets: ((result: T) => Record<string, string>) | undefined, result: T): Record<string, string> {
  try {
    return Object.fromEntries(Object.entries(targets?.(result) ?? {}).filter(([, id]) => typeof id === 'string' && id !== ''));
  } catch (err) {
    // A mapping bug must not turn a write that succeeded into an error the person would retry.
    log('trail').error({ error: errorFields(err) }, 'could not read target ids from a write result');
    return {};
  }
}

async function finishEvent(
  id: string,
  done: { outcome: 'ok' | 'error'; errorCode: string | null; upstreamRequestId: string | null; targetIds: Record<string, string> },
) {
  try {
    const db = await getDb();
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('trail_events')
        .set({
          outcome: done.outcome,
          error_code: done.errorCode,
          upstream_request_id: done.upstreamRequestId,
          target_ids: JSON.stringify(done.targetIds),
        })
        .where('id', '=', id)
        .execute();
      await insertTargets(trx, id, done.targetIds);
    });
  } catch (err) {
    // The upstream write already happened: failing the request now would invite a duplicate retry.
    // The event stays "unfinished" in the store; the log line carries what it is missing.
    log('trail').error({ eventId: id, outcome: done.outcome, targetIds: done.targetIds, error: errorFields(err) }, 'could not finish a trail event');
  }
}

async function insertTargets(trx: Transaction<Database>, eventId: string, targetIds: Record<string, string>) {
  const rows = Object.entries(targetIds).map(([name, targetId]) => ({ event_id: eventId, name, target_id: targetId }));
  if (rows.length) await trx.insertInto('trail_targets').values(rows).execute();
}

function toEvent(row: Selectable<TrailEventsTable>): TrailEvent {
  return {
    id: row.id,
    at: Number(row.at),
    actorSub: row.actor_sub,
    actorEmail: row.actor_email,
    actorName: row.actor_name,
    action: row.action,
    orgId: row.org_id,
    targetIds: JSON.parse(row.target_ids) as Record<string, string>,
    input: row.input === null ? null : (JSON.parse(row.input) as unknown),
    outcome: row.outcome,
    errorCode: row.error_code,
    requestId: row.request_id,
    upstreamRequestId: row.upstream_request_id,
  };
}

const cursorSchema = z.object({ at: z.number().int(), id: z.string().min(1) });
