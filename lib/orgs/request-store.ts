import 'server-only';
import { sql, type Insertable, type RawBuilder, type Selectable, type Updateable, type UpdateQueryBuilder, type UpdateResult } from 'kysely';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from '@/lib/cursor';
import { getDb, storeDialect } from '@/lib/storage/db';
import type { Database, IdempotencyKeysTable, MemberStatus, OrgRequestsTable, OrgRequestStatus } from '@/lib/storage/schema';
import { canTransition, OPEN_STATUSES, SLOT_STATUSES } from './request-states';

export type OrgRequestRow = Selectable<OrgRequestsTable>;

const IDEMPOTENCY_KEEP_S = 7 * 24 * 3600;

const now = () => Math.floor(Date.now() / 1000);

export type FileOutcome =
  | { inserted: true }
  /** The idempotency key was taken: this is a replay of an earlier submission. */
  | { inserted: false; reason: 'replay' }
  /** The person already holds `used` of their `max` org slots. */
  | { inserted: false; reason: 'quota'; used: number }
  /** Another open request has the same name. */
  | { inserted: false; reason: 'name' };

/**
 * Files a request under an idempotency key, atomically and within policy, whichever instance runs it: the key,
 * the person's quota and the one-open-request-per-name rule are all decided inside one transaction (quota under a
 * per-person lock on PostgreSQL; SQLite has one writer), so two submissions on two instances cannot both get in.
 */
export async function insertOrgRequestOnce(
  row: Insertable<OrgRequestsTable>,
  key: { key: string; actorSub: string; scope: string; requestHash: string },
  maxPerPerson: number,
): Promise<FileOutcome> {
  const db = await getDb();
  const dialect = await storeDialect();
  return db.transaction().execute(async (trx): Promise<FileOutcome> => {
    if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${`org-quota:${row.requester_sub}`}))`.execute(trx);
    const res = await trx
      .insertInto('idempotency_keys')
      .values({ key: key.key, actor_sub: key.actorSub, scope: key.scope, request_hash: key.requestHash, resource_id: row.id, created_at: row.created_at })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    if (Number(res.numInsertedOrUpdatedRows ?? 0) === 0) return { inserted: false, reason: 'replay' };
    const { used } = await trx
      .selectFrom('org_requests')
      .select((eb) => eb.fn.countAll<number>().as('used'))
      .where('requester_sub', '=', row.requester_sub)
      .where('status', 'in', [...SLOT_STATUSES])
      .executeTakeFirstOrThrow();
    if (Number(used) >= maxPerPerson) throw new NotFiled({ inserted: false, reason: 'quota', used: Number(used) });
    try {
      await trx.insertInto('org_requests').values(row).execute();
    } catch (err) {
      if (isUniqueViolation(err)) throw new NotFiled({ inserted: false, reason: 'name' });
      throw err;
    }
    await trx.deleteFrom('idempotency_keys').where('created_at', '<', now() - IDEMPOTENCY_KEEP_S).execute();
    return { inserted: true };
  }).catch((err: unknown) => {
    // Thrown so the transaction rolls back (the idempotency key too), answered as an outcome.
    if (err instanceof NotFiled) return err.outcome;
    throw err;
  });
}

class NotFiled extends Error {
  constructor(readonly outcome: FileOutcome) {
    super('not filed');
  }
}

/** A unique index said no: PostgreSQL's 23505, SQLite's SQLITE_CONSTRAINT_UNIQUE. */
function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export async function findIdempotencyKey(key: string): Promise<Selectable<IdempotencyKeysTable> | undefined> {
  const db = await getDb();
  return db.selectFrom('idempotency_keys').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function getOrgRequestRow(id: string): Promise<OrgRequestRow | undefined> {
  const db = await getDb();
  return db.selectFrom('org_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Marks pending requests past their deadline as expired (the job runner does, once a minute; reads never write). */
export async function expireOrgRequests(at = now()): Promise<void> {
  const db = await getDb();
  await db
    .updateTable('org_requests')
    .set({ status: 'expired', updated_at: at })
    .where('status', '=', 'pending')
    .where('expires_at', '<=', at)
    .execute();
}

export async function listOrgRequestRows(f: {
  statuses?: OrgRequestStatus[];
  requesterSub?: string;
  first: number;
  after?: string | null;
  order?: 'asc' | 'desc';
}): Promise<{ items: OrgRequestRow[]; endCursor: string | null; hasNextPage: boolean }> {
  const db = await getDb();
  const order = f.order ?? 'desc';
  let q = db.selectFrom('org_requests').selectAll();
  if (f.statuses?.length) {
    // A pending request past its deadline counts as expired before the job marks it: reads never write.
    const wanted = f.statuses;
    const at = now();
    q = q.where((eb) => {
      const others = wanted.filter((st) => st !== 'pending');
      const ors = others.length ? [eb('status', 'in', others)] : [];
      if (wanted.includes('pending')) ors.push(eb.and([eb('status', '=', 'pending'), eb('expires_at', '>', at)]));
      if (wanted.includes('expired')) ors.push(eb.and([eb('status', '=', 'pending'), eb('expires_at', '<=', at)]));
      return eb.or(ors);
    });
  }
  if (f.requesterSub) q = q.where('requester_sub', '=', f.requesterSub);
  const cursor = f.after ? decodeCursor(f.after, cursorSchema) : null;
  if (cursor) {
    const cmp = order === 'desc' ? '<' : '>';
    q = q.where((eb) => eb.or([eb('created_at', cmp, cursor.at), eb.and([eb('created_at', '=', cursor.at), eb('id', cmp, cursor.id)])]));
  }
  const rows = await q.orderBy('created_at', order).orderBy('id', order).limit(f.first + 1).execute();
  const items = rows.slice(0, f.first);
  const last = items.at(-1);
  const hasNextPage = rows.length > f.first;
  return { items, hasNextPage, endCursor: hasNextPage && last ? encodeCursor({ at: Number(last.created_at), id: last.id }) : null };
}

/** A person's requests that hold an org slot (see SLOT_STATUSES). */
export async function listSlotHolders(requesterSub: string): Promise<OrgRequestRow[]> {
  const db = await getDb();
  return db.selectFrom('org_requests').selectAll().where('requester_sub', '=', requesterSub).where('status', 'in', [...SLOT_STATUSES]).execute();
}

/** Another open request for the same name (pending or being created), if any. */
export async function findOpenRequestByName(nameKey: string): Promise<OrgRequestRow | undefined> {
  const db = await getDb();
  return db
    .selectFrom('org_requests')
    .selectAll()
    .where('name_key', '=', nameKey)
    .where('status', 'in', [...OPEN_STATUSES])
    .executeTakeFirst();
}

/**
 * The one way a request's status changes: a conditional UPDATE that moves the row only from one of `from` (and
 * only where `where` holds), returning the row as written, or undefined when it was not in such a state (someone
 * else moved it first). Every pair `from → to` must be in the transition table.
 */
export async function transition(
  id: string,
  from: readonly OrgRequestStatus[],
  to: OrgRequestStatus,
  set: OrgRequestUpdate = {},
  where?: (q: OrgRequestUpdateQuery) => OrgRequestUpdateQuery,
): Promise<OrgRequestRow | undefined> {
  for (const f of from) if (!canTransition(f, to)) throw new Error(`org request: ${f} → ${to} is not an allowed transition`);
  const db = await getDb();
  let q = db
    .updateTable('org_requests')
    .set({ ...set, status: to, updated_at: now() })
    .where('id', '=', id)
    .where('status', 'in', [...from]);
  if (where) q = where(q);
  return q.returningAll().executeTakeFirst();
}

/** Columns a transition may set besides status (`attempts` may be an expression such as attempts + 1). */
type OrgRequestUpdate = Omit<Updateable<OrgRequestsTable>, 'status' | 'updated_at' | 'attempts'> & { attempts?: number | RawBuilder<number> };
type OrgRequestUpdateQuery = UpdateQueryBuilder<Database, 'org_requests', 'org_requests', UpdateResult>;

/**
 * Takes the right to perform the creation. Only one caller wins: a pending request being approved (before its
 * deadline), a failed one being retried, or one whose previous worker went silent for longer than `staleAfterS`.
 */
export async function claimOrgRequest(
  id: string,
  from: 'pending' | 'retry',
  staleAfterS: number,
  decision?: { bySub: string; byEmail: string; reason: string | null },
): Promise<OrgRequestRow | undefined> {
  const at = now();
  const set: OrgRequestUpdate = {
    claimed_at: at,
    attempts: sql<number>`attempts + 1`,
    error_code: null,
    error_message: null,
    ...(decision && { decided_by_sub: decision.bySub, decided_by_email: decision.byEmail, decision_reason: decision.reason, decided_at: at }),
  };
  if (from === 'pending') return transition(id, ['pending'], 'creating', set, (q) => q.where('expires_at', '>', at));
  return transition(id, ['failed', 'creating'], 'creating', set, (q) =>
    q.where((eb) => eb.or([eb('status', '=', 'failed'), eb('claimed_at', '<', at - staleAfterS)])),
  );
}

/** Moves a pending request to a final state (rejected, withdrawn) if it is still pending and not past its deadline. */
export function closePendingRequest(
  id: string,
  status: 'rejected' | 'withdrawn',
  decision: { bySub: string; byEmail: string; reason: string | null },
): Promise<OrgRequestRow | undefined> {
  const at = now();
  return transition(
    id,
    ['pending'],
    status,
    { decided_by_sub: decision.bySub, decided_by_email: decision.byEmail, decision_reason: decision.reason, decided_at: at },
    (q) => q.where('expires_at', '>', at),
  );
}

export async function markRequestCreated(id: string, orgId: string): Promise<OrgRequestRow> {
  const row = await transition(id, ['creating'], 'created', { org_id: orgId, error_code: null, error_message: null });
  if (!row) throw new Error(`org request ${id} was not being created`);
  return row;
}

/** Whether another request already owns this org (it was created for that one). */
export async function isOrgOfAnotherRequest(orgId: string, requestId: string): Promise<boolean> {
  const db = await getDb();
  const row = await db.selectFrom('org_requests').select('id').where('org_id', '=', orgId).where('id', '!=', requestId).executeTakeFirst();
  return row !== undefined;
}

export async function markRequestFailed(id: string, error: { code: string; message: string }): Promise<void> {
  await transition(id, ['creating'], 'failed', { error_code: error.code, error_message: error.message });
}

/** Whether the requester was made the new org's admin; returns the row as written. */
export async function setMemberStatus(id: string, memberStatus: MemberStatus, error?: { code: string; message: string }): Promise<OrgRequestRow> {
  const db = await getDb();
  return db
    .updateTable('org_requests')
    .set({ member_status: memberStatus, error_code: error?.code ?? null, error_message: error?.message ?? null, updated_at: now() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The org behind these requests is gone: they no longer hold anyone's slot. */
export async function markOrgDeleted(orgId: string): Promise<void> {
  const db = await getDb();
  await db.updateTable('org_requests').set({ status: 'deleted', updated_at: now() }).where('org_id', '=', orgId).where('status', '=', 'created').execute();
}

const cursorSchema = z.object({ at: z.number().int(), id: z.string().min(1) });
