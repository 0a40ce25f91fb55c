import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PEOPLE } from '@/demo/directory';
import { demoOrgId, startEmulator, type RunningEmulator } from '@/emulator';
import { forgetOrgAccess } from '@/lib/access/org-access';
import type { PortalUser } from '@/lib/auth/types';
import type * as Consumption from '@/lib/consumption/consumption';
import { consumptionQuerySchema, dayStart, resolveRange, type BillingCycle, type TimeRange } from '@/lib/consumption/range';
import { setPortalEnv } from '../../helpers/portal-env';

const EXTRA_ORGS = 30;
const LATENCY_MS = 250;
const DAY = 86_400;

let emulator: RunningEmulator;
let token: string;
let lib: typeof Consumption;
let cycle: BillingCycle;

function person(key: string, role: PortalUser['role'] = 'member'): PortalUser {
  const p = DEMO_PEOPLE.find((x) => x.key === key)!;
  return { id: `sub-${p.key}`, email: p.email, name: p.name, role };
}
const alice = person('alice', 'admin');
const bob = person('bob');
const carol = person('carol');

async function devin<T>(path: string): Promise<T> {
  const res = await fetch(`${emulator.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return (await res.json()) as T;
}

const consumptionCalls = () => emulator.requests().filter((r) => r.path.includes('/consumption/daily')).length;
/** A range no other test asked for, so the cache cannot answer it. */
let offset = 0;
const today = dayStart(Date.now() / 1000);
const freshRange = (): TimeRange => {
  offset += 1;
  return { timeAfter: today - (10 + offset) * DAY, timeBefore: today - offset * DAY };
};

beforeAll(async () => {
  token = `cog_${randomBytes(16).toString('hex')}`;
  emulator = await startEmulator({ port: 0, adminToken: token, extraOrgs: EXTRA_ORGS });
  setPortalEnv({ url: emulator.url, token });
  await forgetOrgAccess();
  lib = await import('@/lib/consumption/consumption');
  cycle = await lib.getCurrentCycle();
});

afterAll(async () => {
  await emulator?.close();
});

describe('ranges', () => {
  const now = Date.parse('2026-11-29T04:34:00Z') / 1000;
  const cycleRange = { timeAfter: Date.parse('2026-11-01T08:00:00Z') / 1000, timeBefore: Date.parse('2026-12-01T08:00:00Z') / 1000 };

  it('counts days from 08:00 UTC, as Devin does', () => {
    // 04:34 UTC on the 29th is still the Devin day that began on the 28th.
    const r = resolveRange(consumptionQuerySchema.parse({ range: '7d' }), cycleRange, now);
    expect(new Date(r.timeAfter * 1000).toISOString()).toBe('2026-11-22T08:00:00.000Z');
    expect(new Date(r.timeBefore * 1000).toISOString()).toBe('2026-11-29T08:00:00.000Z');
    expect([r.from, r.to]).toEqual(['2026-11-22', '2026-11-28']);
  });

  it('includes the last day of a custom range and names it as picked', () => {
    const r = resolveRange(consumptionQuerySchema.parse({ range: 'custom', from: '2026-10-01', to: '2026-10-31' }), cycleRange, now);
    expect(new Date(r.timeAfter * 1000).toISOString()).toBe('2026-10-01T08:00:00.000Z');
    expect(new Date(r.timeBefore * 1000).toISOString()).toBe('2026-11-01T08:00:00.000Z');
    expect([r.from, r.to]).toEqual(['2026-10-01', '2026-10-31']);
    expect(resolveRange(consumptionQuerySchema.parse({}), cycleRange, now)).toMatchObject({ ...cycleRange, preset: 'cycle' });
  });

  it('names the field at fault in a bad custom range', () => {
    const issue = (q: Record<string, string>) => consumptionQuerySchema.safeParse(q).error?.issues[0];
    expect(issue({ range: 'custom', to: '2026-10-31' })).toMatchObject({ path: ['from'] });
    expect(issue({ range: 'custom', from: '2026-10-31', to: '2026-10-01' })).toMatchObject({ path: ['to'], message: 'must not be before the start date' });
    expect(issue({ range: 'custom', from: '2024-01-01', to: '2026-10-01' })).toMatchObject({ path: ['to'] });
    expect(issue({ range: 'custom', from: '1 Oct', to: '2026-10-01' })).toMatchObject({ path: ['from'] });
    expect(issue({ range: 'year' })).toMatchObject({ path: ['range'] });
  });
});

describe('per-org consumption (real emulator)', () => {
  it('matches what Devin reports for each org, with every visible org listed', async () => {
    const range = freshRange();
    const rows = await lib.listOrgConsumption(alice, range, cycle);
    expect(rows).toHaveLength(6 + EXTRA_ORGS);
    const payments = rows.find((r) => r.orgId === demoOrgId('payments'))!;
    const upstream = await devin<{ total_acus: number }>(
      `/v3/enterprise/consumption/daily/organizations/${payments.orgId}?time_after=${range.timeAfter}&time_before=${range.timeBefore}`,
    );
    expect(payments.acus).toBeCloseTo(upstream.total_acus, 2);
    expect(payments.forecast).toMatchObject({ cap: 3000 });
    expect(rows.find((r) => r.orgId === demoOrgId('growth'))!.forecast).toMatchObject({ cap: null, passesCapAt: null });
    expect(rows.every((r) => r.error === null)).toBe(true);
  });

  it('projects each org from the last 7 full days, or early in a cycle from the previous cycle as Devin reports it', async () => {
    const rows = await lib.listOrgConsumption(alice, freshRange(), cycle);
    const payments = rows.find((r) => r.orgId === demoOrgId('payments'))!.forecast!;
    const at = Date.now() / 1000;
    const today = cycle.timeAfter + Math.floor((at - cycle.timeAfter) / DAY) * DAY;
    type Report = { total_acus: number; consumption_by_date: { date: number; acus: number }[] };
    const path = `/v3/enterprise/consumption/daily/organizations/${demoOrgId('payments')}`;
    if ((today - cycle.timeAfter) / DAY >= 7) {
      const week = await devin<Report>(`${path}?time_after=${today - 7 * DAY}&time_before=${today}`);
      expect(payments).toMatchObject({ basis: 'last-7-days', basisDays: 7, confidence: 'high', confident: true });
      expect(payments.runRatePerDay).toBeCloseTo(week.total_acus / 7, 2);
    } else {
      const previous = cycle.previous!;
      expect(previous.timeBefore).toBe(cycle.timeAfter);
      const report = await devin<Report>(`${path}?time_after=${previous.timeAfter}&time_before=${previous.timeBefore}`);
      const from = Math.max(previous.timeAfter, report.consumption_by_date[0]!.date);
      const days = (previous.timeBefore - from) / DAY;
      expect(payments).toMatchObject({ basis: 'previous-cycle', basisDays: days, confident: days >= 7 });
      expect(payments.runRatePerDay).toBeCloseTo(report.total_acus / days, 2);
    }
  });

  it('fetches orgs in parallel, never more than 8 requests at a time, and caches them', async () => {
    await lib.listOrgConsumption(alice, freshRange(), cycle); // the current cycle's figures are now cached
    emulator.setFaults({ rules: [{ match: 'GET /v3/enterprise/consumption/daily/organizations/*', latencyMs: LATENCY_MS }] });
    try {
      const range = freshRange();
      const before = consumptionCalls();
      const started = performance.now();
      await lib.listOrgConsumption(alice, range, cycle);
      const wallMs = performance.now() - started;
      const calls = consumptionCalls() - before;
      expect(calls).toBe(6 + EXTRA_ORGS);
      const serialMs = calls * LATENCY_MS;
      expect(wallMs).toBeGreaterThanOrEqual((serialMs / lib.UPSTREAM_CONCURRENCY) * 0.9);
      expect(wallMs).toBeLessThan(serialMs / 3);

      const again = consumptionCalls();
      await lib.listOrgConsumption(alice, range, cycle);
      expect(consumptionCalls()).toBe(again);
    } finally {
      emulator.setFaults({ rules: [] });
    }
  });

  it('shows a failing org as a row that says why, keeping the others', async () => {
    const range = freshRange();
    const security = demoOrgId('security');
    emulator.failNext({ match: `GET /v3/enterprise/consumption/daily/organizations/${security}`, status: 403 });
    const rows = await lib.listOrgConsumption(alice, range, cycle);
    expect(rows.find((r) => r.orgId === security)).toMatchObject({ acus: null, forecast: null, error: expect.stringMatching(/not allowed|permission/) });
    expect(rows.filter((r) => r.error !== null)).toHaveLength(1);
  });

  it('shows members only their own orgs, and sums those for their totals', async () => {
    const range = freshRange();
    const rows = await lib.listOrgConsumption(bob, range, cycle);
    expect(rows.map((r) => r.orgId).sort()).toEqual([demoOrgId('payments'), demoOrgId('mobile')].sort());
    const overview = await lib.getConsumptionOverview(bob, range, cycle);
    expect(overview.scope).toBe('my-orgs');
    expect(overview.totalAcus).toBeCloseTo(rows.reduce((sum, r) => sum + r.acus!, 0), 2);
    expect(overview.daily.reduce((sum, d) => sum + d.acus, 0)).toBeCloseTo(overview.totalAcus, 1);
  });

  it('gives admins the enterprise report, split by product day by day', async () => {
    const range = freshRange();
    const overview = await lib.getConsumptionOverview(alice, range, cycle);
    const upstream = await devin<{ total_acus: number }>(`/v3/enterprise/consumption/daily?time_after=${range.timeAfter}&time_before=${range.timeBefore}`);
    expect(overview).toMatchObject({ scope: 'enterprise', totalAcus: upstream.total_acus });
    expect(overview.daily).toHaveLength(10);
    for (const d of overview.daily) expect(d.devin + d.cascade + d.terminal + d.review).toBeCloseTo(d.acus, 2);
    expect(overview.forecast.forecastAcus).toBeGreaterThanOrEqual(overview.forecast.cycleAcus);
  });
});

describe('per-person breakdown of one org', () => {
  it('shows org admins everyone, adding up to the org total', async () => {
    const range = freshRange();
    const breakdown = await lib.getOrgBreakdown(bob, demoOrgId('payments'), range);
    expect(breakdown.scope).toBe('everyone');
    expect(breakdown.rows.map((r) => r.name)).toEqual(expect.arrayContaining(['Bob Okafor', 'payments-deploy-bot']));
    expect(breakdown.rows.reduce((sum, r) => sum + r.acus, 0)).toBeCloseTo(breakdown.totalAcus, 1);
  });

  it('lists members through an IdP group by name, not as unattributed use', async () => {
    const range = { timeAfter: today - 60 * DAY, timeBefore: today };
    const breakdown = await lib.getOrgBreakdown(alice, demoOrgId('growth'), range);
    const viaGroup = DEMO_PEOPLE.filter((p) => p.orgs.some((o) => o.org === 'growth'));
    expect(viaGroup.length).toBeGreaterThan(1);
    for (const p of viaGroup) expect(breakdown.rows).toContainEqual(expect.objectContaining({ kind: 'user', name: p.name, email: p.email }));
    expect(breakdown.rows.filter((r) => r.kind === 'user' && r.acus > 0).length).toBeGreaterThan(1);
    expect(breakdown.rows.map((r) => r.kind)).not.toContain('other');
    expect(breakdown.rows.reduce((sum, r) => sum + r.acus, 0)).toBeCloseTo(breakdown.totalAcus, 1);
  });

  it('shows other members only themselves, and hides orgs they are not in', async () => {
    const range = freshRange();
    const mine = await lib.getOrgBreakdown(carol, demoOrgId('data'), range);
    expect(mine).toMatchObject({ scope: 'self', rows: [expect.objectContaining({ kind: 'user', name: carol.name, email: carol.email })] });
    await expect(lib.getOrgBreakdown(carol, demoOrgId('payments'), range)).rejects.toMatchObject({ code: 'not_found' });
  });
});
