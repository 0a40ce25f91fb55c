import { z } from 'zod';

/*
 * Date ranges for consumption, in Devin's days: each starts at midnight PST, 08:00 UTC, and is named by the UTC
 * date it starts on. Client-safe, so the picker and the server agree on what a range means.
 */

export const DAY_SECONDS = 86_400;
const DAY_OFFSET_SECONDS = 8 * 3_600;
/** Longest custom range: a year and a day, so a leap year fits. */
export const MAX_RANGE_DAYS = 366;

export const RANGE_PRESETS = { cycle: 'This billing cycle', '7d': 'Last 7 days', '30d': 'Last 30 days', '90d': 'Last 90 days', custom: 'Custom' } as const;
export type RangePreset = keyof typeof RANGE_PRESETS;
const PRESET_DAYS = { '7d': 7, '30d': 30, '90d': 90 } as const;

/** A half-open window [timeAfter, timeBefore) in Unix seconds, aligned to Devin days. */
export interface TimeRange {
  timeAfter: number;
  timeBefore: number;
}

/** A billing cycle, with the one before it when known: the forecast's fallback early in a cycle. */
export interface BillingCycle extends TimeRange {
  previous?: TimeRange | null;
}

export interface ResolvedRange extends TimeRange {
  preset: RangePreset;
  /** The first and last day as YYYY-MM-DD, for the picker and file names. */
  from: string;
  to: string;
}

const isoDate = z.iso.date({ error: 'must be a date (YYYY-MM-DD)' });
const one = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const emptyAsUndefined = (v: unknown) => (typeof one(v) === 'string' && (one(v) as string).trim() !== '' ? one(v) : undefined);

export const consumptionQuerySchema = z
  .object({
    range: z.preprocess(emptyAsUndefined, z.enum(Object.keys(RANGE_PRESETS) as [RangePreset, ...RangePreset[]]).default('cycle')),
    from: z.preprocess(emptyAsUndefined, isoDate.optional()),
    to: z.preprocess(emptyAsUndefined, isoDate.optional()),
  })
  .superRefine((q, ctx) => {
    if (q.range !== 'custom') return;
    if (!q.from) return void ctx.addIssue({ code: 'custom', path: ['from'], message: 'is required for a custom range' });
    if (!q.to) return void ctx.addIssue({ code: 'custom', path: ['to'], message: 'is required for a custom range' });
    const days = (dayOf(q.to) - dayOf(q.from)) / DAY_SECONDS + 1;
    if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before the start date' });
    else if (days > MAX_RANGE_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `a range spans at most ${MAX_RANGE_DAYS} days` });
  });
export type ConsumptionQuery = z.infer<typeof consumptionQuerySchema>;

/** Start (Unix s) of the Devin day containing `unixSeconds`. */
export function dayStart(unixSeconds: number): number {
  return Math.floor((unixSeconds - DAY_OFFSET_SECONDS) / DAY_SECONDS) * DAY_SECONDS + DAY_OFFSET_SECONDS;
}

/** Start (Unix s) of the Devin day named by a YYYY-MM-DD date. */
export function dayOf(isoDay: string): number {
  return Date.parse(`${isoDay}T00:00:00Z`) / 1000 + DAY_OFFSET_SECONDS;
}

/** The YYYY-MM-DD name of the Devin day starting at (or containing) `unixSeconds`. */
export function dayName(unixSeconds: number): string {
  return new Date(dayStart(unixSeconds) * 1000).toISOString().slice(0, 10);
}

/** The window a query asks for; `cycle` is the current billing cycle's bounds. */
export function resolveRange(q: ConsumptionQuery, cycle: TimeRange, nowSeconds = Math.floor(Date.now() / 1000)): ResolvedRange {
  const today = dayStart(nowSeconds);
  let window: TimeRange;
  if (q.range === 'cycle') window = cycle;
  else if (q.range === 'custom') window = { timeAfter: dayOf(q.from!), timeBefore: dayOf(q.to!) + DAY_SECONDS };
  else window = { timeAfter: today - (PRESET_DAYS[q.range] - 1) * DAY_SECONDS, timeBefore: today + DAY_SECONDS };
  return { ...window, preset: q.range, from: dayName(window.timeAfter), to: dayName(window.timeBefore - DAY_SECONDS) };
}

/** The query string that reproduces a range (without the leading `?`). */
export function rangeSearch(r: Pick<ResolvedRange, 'preset' | 'from' | 'to'>): string {
  return new URLSearchParams(r.preset === 'custom' ? { range: 'custom', from: r.from, to: r.to } : { range: r.preset }).toString();
}
