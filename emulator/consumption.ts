import { acuUsage } from './session-lifecycle';
import type { Session } from './state';

export const DAY_SECONDS = 86_400;
/** Days start at midnight PST, 08:00 UTC, as on Devin's dashboard (doc §8). */
const DAY_OFFSET_SECONDS = 8 * 3_600;

export type Product = 'devin' | 'cascade' | 'terminal';

/** Start (Unix s) of the 08:00 UTC day containing `seconds`. */
export function dayStart(seconds: number): number {
  return Math.floor((seconds - DAY_OFFSET_SECONDS) / DAY_SECONDS) * DAY_SECONDS + DAY_OFFSET_SECONDS;
}

/** Start (Unix s) of the billing cycle containing `seconds`: the 1st of the month, 08:00 UTC. */
export function cycleStart(seconds: number): number {
  const d = new Date((seconds - DAY_OFFSET_SECONDS) * 1000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 1000 + DAY_OFFSET_SECONDS;
}

export function nextCycleStart(cycle: number): number {
  const d = new Date((cycle - DAY_OFFSET_SECONDS) * 1000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 1000 + DAY_OFFSET_SECONDS;
}

/** Usage not tied to a listed session (webapp chats, Windsurf, terminal): one product, one day, one actor. */
export interface UsageRecord {
  day: number;
  orgId: string;
  userId: string | null;
  serviceUserId: string | null;
  product: Product;
  acus: number;
}

export interface UsageFilter {
  orgId?: string;
  userId?: string;
  serviceUserId?: string;
  sessionId?: string;
}

/** Background usage, indexed by org because most queries name one. */
export class UsageLedger {
  private readonly byOrg = new Map<string, UsageRecord[]>();

  add(record: UsageRecord): void {
    const list = this.byOrg.get(record.orgId);
    if (list) list.push(record);
    else this.byOrg.set(record.orgId, [record]);
  }

  *select(filter: UsageFilter): Iterable<UsageRecord> {
    // Background usage belongs to no session.
    if (filter.sessionId !== undefined) return;
    const lists = filter.orgId === undefined ? this.byOrg.values() : [this.byOrg.get(filter.orgId) ?? []];
    for (const list of lists) {
      for (const r of list) {
        if (filter.userId !== undefined && r.userId !== filter.userId) continue;
        if (filter.serviceUserId !== undefined && r.serviceUserId !== filter.serviceUserId) continue;
        yield r;
      }
    }
  }
}

export interface DailyConsumption {
  total_acus: number;
  consumption_by_date: { date: number; acus: number; acus_by_product: Record<Product, number> }[];
}

/**
 * The wire `Consumption` for a filter and window: one bucket per 08:00 UTC day
 * that overlaps [after, before) and has begun, zero-filled from the first day
 * with history. Live sessions count their ACUs so far, on the day they started working.
 */
export function dailyConsumption(
  ledger: UsageLedger,
  sessions: Iterable<Session>,
  filter: UsageFilter,
  window: { after: number; before: number; historyStart: number; nowMs: number },
): DailyConsumption {
  const sums = new Map<number, Record<Product, number>>();
  const add = (day: number, product: Product, acus: number) => {
    let bucket = sums.get(day);
    if (!bucket) sums.set(day, (bucket = { devin: 0, cascade: 0, terminal: 0 }));
    bucket[product] += acus;
  };
  for (const r of ledger.select(filter)) add(r.day, r.product, r.acus);
  for (const s of sessions) {
    if (filter.sessionId !== undefined && s.id !== filter.sessionId) continue;
    if (filter.orgId !== undefined && s.orgId !== filter.orgId) continue;
    if (filter.userId !== undefined && s.userId !== filter.userId) continue;
    if (filter.serviceUserId !== undefined && s.serviceUserId !== filter.serviceUserId) continue;
    for (const u of acuUsage(s, window.nowMs)) add(dayStart(Math.floor(u.atMs / 1000)), 'devin', u.acus);
  }

  const first = Math.max(dayStart(window.after), window.historyStart);
  const last = Math.min(window.before - 1, Math.floor(window.nowMs / 1000));
  const days: DailyConsumption['consumption_by_date'] = [];
  for (let day = first; day <= last; day += DAY_SECONDS) {
    const bucket = sums.get(day) ?? { devin: 0, cascade: 0, terminal: 0 };
    const acus_by_product = { devin: round(bucket.devin), cascade: round(bucket.cascade), terminal: round(bucket.terminal) };
    days.push({ date: day, acus: round(acus_by_product.devin + acus_by_product.cascade + acus_by_product.terminal), acus_by_product });
  }
  return { total_acus: round(days.reduce((sum, d) => sum + d.acus, 0)), consumption_by_date: days };
}

function round(acus: number): number {
  return Math.round(acus * 1000) / 1000;
}
