import { z } from 'zod';
import { orgIdSchema } from '@/lib/api/params';

/*
 * The audit views' inputs and outputs. Client-safe. Audit times are plain UTC (not Devin's 08:00 UTC days).
 */

export const DAY_SECONDS = 86_400;
/** Devin serves at most this span per audit-log request; longer ranges are read window by window. */
export const MAX_WINDOW_SECONDS = 100 * DAY_SECONDS;
/** Longest range one view or export may cover. */
export const MAX_RANGE_DAYS = 3 * 366;

export const AUDIT_SOURCES = { devin: 'Devin audit log', trail: 'Portal trail' } as const;
export type AuditSource = keyof typeof AUDIT_SOURCES;

export const AUDIT_RANGES = { '24h': 'Last 24 hours', '7d': 'Last 7 days', '30d': 'Last 30 days', '90d': 'Last 90 days', '365d': 'Last year', custom: 'Custom' } as const;
export type AuditRangePreset = keyof typeof AUDIT_RANGES;
const RANGE_SECONDS: Record<Exclude<AuditRangePreset, 'custom'>, number> = {
  '24h': DAY_SECONDS,
  '7d': 7 * DAY_SECONDS,
  '30d': 30 * DAY_SECONDS,
  '90d': 90 * DAY_SECONDS,
  '365d': 365 * DAY_SECONDS,
};

/** The portal's own trail actions, offered as suggestions for the trail's filter. */
export const PORTAL_TRAIL_ACTIONS = [
  'org.request',
  'org.request.approve',
  'org.request.reject',
  'org.request.withdraw',
  'org.create',
  'org.update',
  'org.delete',
  'org.member.add',
  'org.member.remove',
  'session.create',
  'session.message',
  'session.tags',
  'session.terminate',
  'session.archive',
  'service-user.create',
  'service-user.key.create',
  'service-user.key.rotate',
  'service-user.key.revoke',
  'audit.export',
] as const;

const one = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const optional = (v: unknown) => (typeof one(v) === 'string' && (one(v) as string).trim() !== '' ? (one(v) as string).trim() : undefined);
const isoDate = z.iso.date({ error: 'must be a date (YYYY-MM-DD)' });

export const auditQuerySchema = z
  .object({
    source: z.preprocess(optional, z.enum(Object.keys(AUDIT_SOURCES) as [AuditSource, ...AuditSource[]]).optional()),
    org: z.preprocess(optional, orgIdSchema.optional()),
    range: z.preprocess(optional, z.enum(Object.keys(AUDIT_RANGES) as [AuditRangePreset, ...AuditRangePreset[]]).default('7d')),
    from: z.preprocess(optional, isoDate.optional()),
    to: z.preprocess(optional, isoDate.optional()),
    action: z.preprocess(optional, z.string().regex(/^[a-z][a-z0-9_.-]{0,63}$/, { error: 'must be an action name such as create_session' }).optional()),
    order: z.preprocess(optional, z.enum(['desc', 'asc']).default('desc')),
    after: z.preprocess(optional, z.string().max(2_000).optional()),
  })
  .superRefine((q, ctx) => {
    if (q.range !== 'custom') return;
    if (!q.from) return void ctx.addIssue({ code: 'custom', path: ['from'], message: 'is required for a custom range' });
    if (!q.to) return void ctx.addIssue({ code: 'custom', path: ['to'], message: 'is required for a custom range' });
    const days = (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 + 1;
    if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before the start date' });
    else if (days > MAX_RANGE_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `a range spans at most ${MAX_RANGE_DAYS} days` });
  });
export type AuditQuery = z.infer<typeof auditQuerySchema>;

/** A half-open window [timeAfter, timeBefore) in Unix seconds. */
export interface AuditRange {
  timeAfter: number;
  timeBefore: number;
}

/** The window a query names; custom ranges run from 00:00 UTC on `from` to the end of `to`. */
export function resolveAuditRange(q: Pick<AuditQuery, 'range' | 'from' | 'to'>, nowSeconds = Math.floor(Date.now() / 1000)): AuditRange {
  if (q.range === 'custom') return { timeAfter: Date.parse(q.from!) / 1000, timeBefore: Date.parse(q.to!) / 1000 + DAY_SECONDS };
  return { timeAfter: nowSeconds - RANGE_SECONDS[q.range], timeBefore: nowSeconds + 1 };
}

/**
 * Splits a range into consecutive windows of at most 100 days, in reading order: newest first for `desc`.
 * Reading them in turn gives the same entries, in the same order, as one unlimited request would.
 */
export function splitWindows(range: AuditRange, order: 'asc' | 'desc'): AuditRange[] {
  const windows: AuditRange[] = [];
  for (let start = range.timeAfter; start < range.timeBefore; start += MAX_WINDOW_SECONDS) {
    windows.push({ timeAfter: start, timeBefore: Math.min(start + MAX_WINDOW_SECONDS, range.timeBefore) });
  }
  return order === 'desc' ? windows.reverse() : windows;
}

/** The person behind a portal write, found in the portal's own trail. */
export interface PortalPersonDto {
  name: string;
  email: string;
  /** The portal's name for what they did, e.g. session.create. */
  action: string;
}

export interface AuditEntryDto {
  id: string;
  at: number;
  action: string;
  orgId: string | null;
  userId: string | null;
  userEmail: string | null;
  serviceUserId: string | null;
  serviceUserName: string | null;
  data: Record<string, unknown>;
  /** Set when the entry was written by the portal's service user on someone's behalf. */
  portalPerson: PortalPersonDto | null;
}

export interface TrailEntryDto {
  id: string;
  at: number;
  actorName: string;
  actorEmail: string;
  action: string;
  orgId: string | null;
  outcome: 'ok' | 'error';
  errorCode: string | null;
  targetIds: Record<string, string>;
  input: unknown;
}

export interface CursorPageDto<T> {
  items: T[];
  endCursor: string | null;
  hasNextPage: boolean;
  /** Entries in the whole filtered range; null when the source does not say (Devin may leave its total out). */
  total: number | null;
}
