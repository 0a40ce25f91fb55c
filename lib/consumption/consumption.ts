import 'server-only';
import { sharedCache } from '@/lib/cache';
import { assertOrgAccess } from '@/lib/access/org-access';
import { toApiError } from '@/lib/api/errors';
import type { PortalUser } from '@/lib/auth/types';
import { forEachWithConcurrency } from '@/lib/concurrency';
import { listAllOrgGroupMembers } from '@/lib/orgs/members';
import { listAllVisibleOrgs } from '@/lib/orgs/visible-orgs';
import { getDevinClient } from '@/lib/upstream';
import { collectAll } from '@/lib/upstream/pagination';
import type { Consumption } from '@/lib/upstream/types';
import { forecastCycle, round, TRAILING_DAYS } from './forecast';
import { DAY_SECONDS, dayStart, type BillingCycle, type TimeRange } from './range';
import {
  PRODUCTS,
  type BreakdownRowDto,
  type ByProduct,
  type ConsumptionOverviewDto,
  type DailyPoint,
  type OrgBreakdownDto,
  type OrgConsumptionRowDto,
} from './schemas';

/** Upstream calls in flight at once for one view: enough to hide latency, few enough not to trip Devin's rate limits. */
export const UPSTREAM_CONCURRENCY = 8;
/** Upstream reads of consumption, kept for a minute (Devin's numbers; nothing the portal changes itself). */
const consumptionCache = sharedCache<unknown>({ scope: 'consumption', ttlMs: 60_000, max: 10_000 });

/** Concurrent callers share one request; failures are not kept. */
function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  return consumptionCache.get(key, load) as Promise<T>;
}

const windowKey = (r: TimeRange) => `${r.timeAfter}-${r.timeBefore}`;
const sameWindow = (a: TimeRange, b: TimeRange) => a.timeAfter === b.timeAfter && a.timeBefore === b.timeBefore;
const now = () => Math.floor(Date.now() / 1000);

/**
 * The current billing cycle and the one before it. Devin lists cycles newest first; with none listed, calendar
 * months (from 08:00 UTC on the 1st).
 */
export function getCurrentCycle(): Promise<BillingCycle> {
  return cached('cycle', async () => {
    const at = now();
    const { items } = await getDevinClient().consumption.cycles({ first: 5 });
    const current = items.find((c) => c.after <= at && at < c.before);
    if (current) {
      const before = items.find((c) => c.before <= current.after);
      return { timeAfter: current.after, timeBefore: current.before, previous: before ? { timeAfter: before.after, timeBefore: before.before } : null };
    }
    const day = new Date((dayStart(at) - 8 * 3_600) * 1000);
    const month = (offset: number) => Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + offset, 1) / 1000 + 8 * 3_600;
    return { timeAfter: month(0), timeBefore: month(1), previous: { timeAfter: month(-1), timeBefore: month(0) } };
  });
}

/** The previous cycle when a forecast made now needs it: before the current cycle has TRAILING_DAYS full days. */
function fallbackCycle(cycle: BillingCycle, at: number): TimeRange | null {
  const fullDays = Math.floor((Math.min(at, cycle.timeBefore) - cycle.timeAfter) / DAY_SECONDS);
  return fullDays < TRAILING_DAYS ? (cycle.previous ?? null) : null;
}

/** One org's daily consumption in a window, cached briefly by org and window. */
export function getOrgConsumption(orgId: string, range: TimeRange): Promise<Consumption> {
  return cached(`org:${orgId}:${windowKey(range)}`, () => getDevinClient().consumption.orgDaily(orgId, range));
}

function getEnterpriseConsumption(range: TimeRange): Promise<Consumption> {
  return cached(`enterprise:${windowKey(range)}`, () => getDevinClient().consumption.enterpriseDaily(range));
}

/**
 * One row per visible org: its use in `range` and its standing against its cap in the current cycle. Orgs are
 * fetched in parallel, at most UPSTREAM_CONCURRENCY requests at a time; an org that fails gets a row saying why.
 */
export async function listOrgConsumption(user: PortalUser, range: TimeRange, cycle: BillingCycle): Promise<OrgConsumptionRowDto[]> {
  const orgs = await listAllVisibleOrgs(user);
  const at = now();
  const previous = fallbackCycle(cycle, at);
  const windows = [range, cycle, previous].filter((w, i, all): w is TimeRange => w !== null && all.findIndex((o) => o && sameWindow(o, w)) === i);
  const tasks = orgs.flatMap((org) => windows.map((window) => ({ org, window })));
  const results = new Map<string, Consumption>();
  const failures = new Map<string, unknown>();
  await forEachWithConcurrency(
    tasks,
    UPSTREAM_CONCURRENCY,
    ({ org, window }) => getOrgConsumption(org.orgId, window),
    ({ org, window }, outcome) => {
      if (outcome.status === 'fulfilled') results.set(`${org.orgId}:${windowKey(window)}`, outcome.value);
      // The previous cycle only steadies the forecast: without it the forecast says it has less to go on.
      else if (!(previous && sameWindow(window, previous)) || sameWindow(window, range)) failures.set(org.orgId, outcome.reason);
    },
  );
  return orgs.map((org): OrgConsumptionRowDto => {
    const inRange = results.get(`${org.orgId}:${windowKey(range)}`);
    const inCycle = results.get(`${org.orgId}:${windowKey(cycle)}`);
    const inPrevious = previous ? results.get(`${org.orgId}:${windowKey(previous)}`) : undefined;
    if (!inRange || !inCycle) {
      return { orgId: org.orgId, name: org.name, acus: null, byProduct: null, forecast: null, error: toApiError(failures.get(org.orgId)).message };
    }
    return {
      orgId: org.orgId,
      name: org.name,
      acus: round(inRange.totalAcus),
      byProduct: sumByProduct(inRange),
      forecast: forecastCycle({
        cycle,
        cycleAcus: inCycle.totalAcus,
        cycleDays: inCycle.consumptionByDate,
        previous: previous && inPrevious ? { range: previous, days: inPrevious.consumptionByDate } : null,
        cap: org.maxCycleAcuLimit,
        nowSeconds: at,
        since: org.createdAt,
      }),
      error: null,
    };
  });
}

/**
 * The headline figures and daily series: the whole enterprise for admins (one upstream report), the sum of
 * their own orgs for everyone else. Members' orgs are read through the same cache as the per-org table.
 */
export async function getConsumptionOverview(user: PortalUser, range: TimeRange, cycle: BillingCycle): Promise<ConsumptionOverviewDto> {
  const at = now();
  const previous = fallbackCycle(cycle, at);
  let load: (window: TimeRange) => Promise<Consumption>;
  if (user.role === 'admin') load = getEnterpriseConsumption;
  else {
    const orgs = await listAllVisibleOrgs(user);
    load = (window) => Promise.all(orgs.map((o) => getOrgConsumption(o.orgId, window))).then(sumConsumption);
  }
  const [inRange, inCycle, inPrevious] = await Promise.all([
    load(range),
    sameWindow(range, cycle) ? null : load(cycle),
    // The previous cycle only steadies the forecast: without it the forecast says it has less to go on.
    previous ? load(previous).catch(() => null) : null,
  ]).then(([r, c, p]) => [r, c ?? r, p] as const);
  return {
    scope: user.role === 'admin' ? 'enterprise' : 'my-orgs',
    totalAcus: round(inRange.totalAcus),
    byProduct: sumByProduct(inRange),
    daily: inRange.consumptionByDate.map((d): DailyPoint => ({ date: d.date, acus: round(d.acus), ...productsOf(d.acusByProduct) })),
    cycle: { timeAfter: cycle.timeAfter, timeBefore: cycle.timeBefore },
    forecast: forecastCycle({
      cycle,
      cycleAcus: inCycle.totalAcus,
      cycleDays: inCycle.consumptionByDate,
      previous: previous && inPrevious ? { range: previous, days: inPrevious.consumptionByDate } : null,
      cap: null,
      nowSeconds: at,
    }),
  };
}

/**
 * Who in one org used what in `range`: every person (direct members and members through an IdP group) and
 * service user for org admins and portal admins, only themselves for other members. Use Devin does not attribute
 * to a listed member (people who left, for instance) is shown as one `other` row, so the rows always add up to the
 * org's total.
 */
export async function getOrgBreakdown(user: PortalUser, orgId: string, range: TimeRange): Promise<OrgBreakdownDto> {
  const access = await assertOrgAccess(user, orgId, 'member');
  const everyone = access.allOrgs || access.memberships.get(orgId)?.isOrgAdmin === true;
  const devin = getDevinClient();
  const subjects: { kind: 'user' | 'service-user'; id: string; name: string; email: string | null }[] = [];
  if (everyone) {
    const [direct, viaGroups, serviceUsers] = await Promise.all([
      collectAll((after) => devin.members.listOrgUsers(orgId, { first: 200, after }), { pageSize: 200 }),
      listAllOrgGroupMembers(orgId),
      collectAll((after) => devin.serviceUsers.listOrg(orgId, { first: 200, after }), { pageSize: 200 }),
    ]);
    const users = new Map([...viaGroups, ...direct].map((u) => [u.userId, u]));
    subjects.push(...[...users.values()].map((u) => ({ kind: 'user' as const, id: u.userId, name: u.name ?? u.email ?? u.userId, email: u.email })));
    subjects.push(...serviceUsers.map((s) => ({ kind: 'service-user' as const, id: s.serviceUserId, name: s.name, email: null })));
  } else if (access.devinUserId) {
    subjects.push({ kind: 'user', id: access.devinUserId, name: user.name, email: user.email });
  }

  const rows: BreakdownRowDto[] = new Array<BreakdownRowDto>(subjects.length);
  let failure: unknown;
  const [total] = await Promise.all([
    getOrgConsumption(orgId, range),
    forEachWithConcurrency(
      subjects,
      UPSTREAM_CONCURRENCY,
      (s) =>
        cached(`${s.kind}:${orgId}:${s.id}:${windowKey(range)}`, () =>
          s.kind === 'user' ? devin.consumption.orgUserDaily(orgId, s.id, range) : devin.consumption.orgServiceUserDaily(orgId, s.id, range),
        ),
      (s, outcome, i) => {
        if (outcome.status === 'rejected') failure ??= outcome.reason;
        else rows[i] = { kind: s.kind, id: s.id, name: s.name, email: s.email, acus: round(outcome.value.totalAcus), byProduct: sumByProduct(outcome.value) };
      },
    ),
  ]);
  if (failure) throw failure;
  rows.sort((a, b) => b.acus - a.acus || a.name.localeCompare(b.name));
  if (everyone) {
    const attributed = rows.reduce((sum, r) => sum + r.acus, 0);
    const rest = round(total.totalAcus - attributed);
    // Each row is rounded to 3 decimals; what is left below a hundredth is rounding, not use.
    if (rest >= 0.01) {
      const byProduct = sumByProduct(total);
      for (const p of PRODUCTS) byProduct[p] = round(Math.max(0, byProduct[p] - rows.reduce((sum, r) => sum + r.byProduct[p], 0)));
      rows.push({ kind: 'other', id: null, name: 'Not attributed to a listed member', email: null, acus: rest, byProduct });
    }
  }
  return { orgId, scope: everyone ? 'everyone' : 'self', totalAcus: round(total.totalAcus), rows };
}

function productsOf(p: { devin: number; cascade: number; terminal: number; review?: number }): ByProduct {
  return { devin: round(p.devin), cascade: round(p.cascade), terminal: round(p.terminal), review: round(p.review ?? 0) };
}

function sumByProduct(c: Consumption): ByProduct {
  const out: ByProduct = { devin: 0, cascade: 0, terminal: 0, review: 0 };
  for (const d of c.consumptionByDate) for (const p of PRODUCTS) out[p] += d.acusByProduct[p] ?? 0;
  for (const p of PRODUCTS) out[p] = round(out[p]);
  return out;
}

/** Several orgs' reports as one: totals added, days merged by date. */
function sumConsumption(reports: Consumption[]): Consumption {
  const days = new Map<number, Consumption['consumptionByDate'][number]>();
  for (const r of reports) {
    for (const d of r.consumptionByDate) {
      const day = days.get(d.date) ?? { date: d.date, acus: 0, acusByProduct: { devin: 0, cascade: 0, terminal: 0, review: 0 } };
      day.acus += d.acus;
      for (const p of PRODUCTS) day.acusByProduct[p] = (day.acusByProduct[p] ?? 0) + (d.acusByProduct[p] ?? 0);
      days.set(d.date, day);
    }
  }
  return {
    totalAcus: reports.reduce((sum, r) => sum + r.totalAcus, 0),
    consumptionByDate: [...days.values()].sort((a, b) => a.date - b.date),
  };
}

