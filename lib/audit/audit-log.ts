import 'server-only';
import { getPortalSelf } from '@/lib/access/portal-identity';
import { decodeCursor, encodeCursor } from '@/lib/cursor';
import { z } from 'zod';
import { countTrail, findTrailByTargetIds, listTrail, type TrailEvent } from '@/lib/trail';
import { getDevinClient } from '@/lib/upstream';
import type { AuditLog } from '@/lib/upstream/types';
import { DAY_SECONDS, MAX_RANGE_DAYS, splitWindows, type AuditEntryDto, type AuditRange, type CursorPageDto, type PortalPersonDto, type TrailEntryDto } from './schemas';

export interface AuditFilters {
  /** Only this org's entries (the per-org audit log). */
  orgId?: string;
  range: AuditRange;
  action?: string;
  order: 'asc' | 'desc';
}

/** A portal write shows up in Devin's log within seconds; anything further apart is not the same act. */
const MATCH_WINDOW_SECONDS = 300;

/**
 * Where a multi-window listing stands: the range and order it was started with (so "last 7 days" does not slide
 * while someone pages), which window, and the upstream cursor inside it.
 */
interface WindowCursor {
  a: number;
  b: number;
  o: 'asc' | 'desc';
  w: number;
  c: string | null;
}

/**
 * One page of Devin's audit log (enterprise-wide, or one org's) over any range: ranges over 100 days are read
 * window by window, and the cursor carries the window. Entries the portal wrote name the person behind them.
 */
export async function listDevinAuditPage(f: AuditFilters & { first: number; after?: string }): Promise<CursorPageDto<AuditEntryDto>> {
  const start: WindowCursor | null = f.after ? decodeCursor(f.after, windowCursorSchema(f.order)) : null;
  const range = start ? { timeAfter: start.a, timeBefore: start.b } : f.range;
  const windows = splitWindows(range, f.order);
  let { w, c } = start ?? { w: 0, c: null as string | null };
  const entries: AuditLog[] = [];
  // Devin's total covers one window; a range read in several windows has no total without reading them all.
  let total: number | null = null;
  while (w < windows.length && entries.length < f.first) {
    const page = await fetchWindowPage(f, windows[w]!, f.first - entries.length, c);
    if (windows.length === 1) total = page.total;
    entries.push(...page.items);
    if (page.hasNextPage && page.endCursor) c = page.endCursor;
    else {
      w += 1;
      c = null;
    }
  }
  const hasNextPage = w < windows.length;
  const endCursor = hasNextPage ? encodeCursor({ a: range.timeAfter, b: range.timeBefore, o: f.order, w, c }) : null;
  return { items: await withPortalPeople(entries), hasNextPage, endCursor, total };
}

/** Every entry of the range, one upstream page (`pageSize` ≤ 200) at a time, for streaming exports. */
export async function* iterateDevinAudit(f: AuditFilters, pageSize = 200, signal?: AbortSignal): AsyncGenerator<AuditEntryDto[]> {
  for (const window of splitWindows(f.range, f.order)) {
    let cursor: string | null = null;
    do {
      signal?.throwIfAborted();
      const page = await fetchWindowPage(f, window, pageSize, cursor, signal);
      if (page.items.length) yield await withPortalPeople(page.items);
      cursor = page.hasNextPage ? page.endCursor : null;
    } while (cursor);
  }
}

function fetchWindowPage(f: AuditFilters, window: AuditRange, first: number, after: string | null, signal?: AbortSignal) {
  const devin = signal ? getDevinClient().withSignal(signal) : getDevinClient();
  const filters = { timeAfter: window.timeAfter, timeBefore: window.timeBefore, action: f.action, order: f.order, first, after };
  return f.orgId ? devin.auditLogs.listOrg(f.orgId, filters) : devin.auditLogs.list(filters);
}

/** One page of the portal's own trail: one person's actions, or everyone's for admins. */
export async function listTrailPage(f: AuditFilters & { actorSub?: string; first: number; after?: string }): Promise<CursorPageDto<TrailEntryDto>> {
  const filters = { actorSub: f.actorSub, orgId: f.orgId, action: f.action, timeAfter: f.range.timeAfter, timeBefore: f.range.timeBefore };
  const [page, total] = await Promise.all([listTrail({ ...filters, order: f.order, first: f.first, after: f.after }), countTrail(filters)]);
  return { items: page.items.map(toTrailEntry), endCursor: page.endCursor, hasNextPage: page.hasNextPage, total };
}

/** Every trail event of the range, page by page, for streaming exports. */
export async function* iterateTrail(f: AuditFilters & { actorSub?: string }, pageSize = 200, signal?: AbortSignal): AsyncGenerator<TrailEntryDto[]> {
  let after: string | undefined;
  do {
    signal?.throwIfAborted();
    const page = await listTrail({
      actorSub: f.actorSub,
      orgId: f.orgId,
      action: f.action,
      timeAfter: f.range.timeAfter,
      timeBefore: f.range.timeBefore,
      order: f.order,
      first: pageSize,
      after,
    });
    if (page.items.length) yield page.items.map(toTrailEntry);
    after = page.hasNextPage ? (page.endCursor ?? undefined) : undefined;
  } while (after);
}

function toTrailEntry(e: TrailEvent): TrailEntryDto {
  return {
    id: e.id,
    at: e.at,
    actorName: e.actorName,
    actorEmail: e.actorEmail,
    action: e.action,
    orgId: e.orgId,
    outcome: e.outcome,
    errorCode: e.errorCode,
    targetIds: e.targetIds,
    input: e.input,
  };
}

/** The portal's own Devin service user: only its entries can have been caused by someone through the portal. */
async function portalServiceUserId(): Promise<string | null> {
  return (await getPortalSelf()).serviceUserId;
}

/** Every id-like string in an entry's data (one level of nesting), to look up in the trail's target ids. */
function idsIn(data: Record<string, unknown>): string[] {
  const out: string[] = [];
  const visit = (v: unknown, depth: number) => {
    if (typeof v === 'string' && v.length >= 4 && v.length <= 200) out.push(v);
    else if (depth < 1 && v && typeof v === 'object') for (const inner of Object.values(v)) visit(inner, depth + 1);
  };
  for (const v of Object.values(data)) visit(v, 0);
  return out;
}

/**
 * Joins Devin's entries back to people: an entry written by the portal's service user is matched to the trail
 * event that shares the most ids with it (session, org, service user, key…) within a few minutes, the closest
 * in time winning a tie.
 */
async function withPortalPeople(entries: AuditLog[]): Promise<AuditEntryDto[]> {
  const portalId = await portalServiceUserId();
  const ours = entries.filter((e) => portalId !== null && e.serviceUserId === portalId);
  const events = ours.length ? await findTrailByTargetIds(ours.flatMap((e) => idsIn(e.data))) : [];
  return entries.map((e) => ({
    id: e.auditLogId,
    at: e.createdAt,
    action: e.action,
    orgId: e.orgId,
    userId: e.userId,
    userEmail: e.userEmail,
    serviceUserId: e.serviceUserId,
    serviceUserName: e.serviceUserName,
    data: e.data,
    portalPerson: portalId !== null && e.serviceUserId === portalId ? bestMatch(e, events) : null,
  }));
}

function bestMatch(entry: AuditLog, events: TrailEvent[]): PortalPersonDto | null {
  const ids = new Set(idsIn(entry.data));
  let best: { event: TrailEvent; shared: number; distance: number } | null = null;
  for (const event of events) {
    const distance = Math.abs(event.at - entry.createdAt);
    if (distance > MATCH_WINDOW_SECONDS || event.outcome !== 'ok') continue;
    const shared = Object.values(event.targetIds).filter((id) => ids.has(id)).length;
    if (shared === 0) continue;
    if (!best || shared > best.shared || (shared === best.shared && distance < best.distance)) best = { event, shared, distance };
  }
  return best && { name: best.event.actorName, email: best.event.actorEmail, action: best.event.action };
}

/** A window cursor for this order, over a range the list could have given out. */
function windowCursorSchema(order: 'asc' | 'desc') {
  return z
    .object({ a: z.number().int(), b: z.number().int(), o: z.literal(order), w: z.number().int().min(0), c: z.string().nullable() })
    .refine((c) => c.a < c.b && c.b - c.a <= (MAX_RANGE_DAYS + 1) * DAY_SECONDS && c.w < splitWindows({ timeAfter: c.a, timeBefore: c.b }, order).length);
}
