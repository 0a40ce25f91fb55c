import 'server-only';
import { forEachWithConcurrency } from '@/lib/concurrency';
import { DAY_SECONDS, dayStart, type TimeRange } from '@/lib/consumption/range';
import { listJobs } from '@/lib/jobs/store';
import { errorFields, log } from '@/lib/observability/logger';
import { opsSettings } from '@/lib/observability/settings';
import { getDevinClient } from '@/lib/upstream';
import { UpstreamError } from '@/lib/upstream/errors';
import { collectAll } from '@/lib/upstream/pagination';
import type { ApiKey, Organization } from '@/lib/upstream/types';
import { expiringWithoutSuccessor, findSpike, forecastOverCap } from './conditions';
import { clearAlertsExcept, raiseAlert, type AlertCondition, type AlertKind } from './store';

const IN_FLIGHT = 4;

export interface EvaluationReport {
  /** Conditions found true, by kind; a kind whose check failed is missing (its open alerts are left alone). */
  found: Partial<Record<AlertKind, string[]>>;
  failed: AlertKind[];
}

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });
const isoDay = (s: number) => new Date(s * 1000).toISOString().slice(0, 10);

/**
 * Checks every org's spend and forecast and every service user's keys against the thresholds, opens an alert
 * for each condition that holds and clears the ones that no longer do. Run by the job runner
 * (`alerts.evaluate`, every ALERT_EVALUATE_SECONDS); each check stands alone, so one failing leaves the others' alerts intact.
 */
export async function evaluateAlerts(nowSeconds = Math.floor(Date.now() / 1000)): Promise<EvaluationReport> {
  const report: EvaluationReport = { found: {}, failed: [] };
  const run = async (kinds: AlertKind[], check: () => Promise<Map<AlertKind, AlertCondition[]>>) => {
    try {
      const byKind = await check();
      for (const kind of kinds) {
        const conditions = byKind.get(kind) ?? [];
        for (const c of conditions) await raiseAlert(c);
        await clearAlertsExcept(kind, conditions.map((c) => c.subject));
        report.found[kind] = conditions.map((c) => c.subject);
      }
    } catch (err) {
      report.failed.push(...kinds);
      log('alerts').error({ kinds, error: errorFields(err) }, 'alert check failed; its open alerts are left as they are');
    }
  };
  await run(['forecast-over-cap', 'spend-spike'], () => spendConditions(nowSeconds));
  await run(['key-expiring'], () => keyConditions(nowSeconds));
  const counts = Object.fromEntries(Object.entries(report.found).map(([kind, subjects]) => [kind, subjects.length]));
  log('alerts').info({ found: counts, failed: report.failed }, 'alert conditions checked');
  return report;
}

async function spendConditions(now: number): Promise<Map<AlertKind, AlertCondition[]>> {
  const s = opsSettings();
  const devin = getDevinClient();
  const [orgs, cycle] = await Promise.all([collectAll((after) => devin.organizations.list({ first: 200, after }), { pageSize: 200 }), cycleAt(now)]);
  const forecasts: AlertCondition[] = [];
  const spikes: AlertCondition[] = [];
  let failure: unknown;
  const since = Math.min(cycle.timeAfter, now - (s.ALERT_SPIKE_BASELINE_DAYS + 3) * DAY_SECONDS);
  await forEachWithConcurrency(
    orgs,
    IN_FLIGHT,
    (org: Organization) => devin.consumption.orgDaily(org.orgId, { timeAfter: since, timeBefore: now }),
    (org, outcome) => {
      if (outcome.status === 'rejected') {
        failure ??= outcome.reason;
        return;
      }
      const days = outcome.value.consumptionByDate;
      const cycleAcus = days.filter((d) => d.date >= cycle.timeAfter && d.date < cycle.timeBefore).reduce((sum, d) => sum + d.acus, 0);
      const f = forecastOverCap(cycle, cycleAcus, org.maxCycleAcuLimit, now, s.ALERT_FORECAST_MIN_ELAPSED);
      if (f) {
        forecasts.push({
          kind: 'forecast-over-cap',
          subject: `${org.orgId}:${cycle.timeAfter}`,
          orgId: org.orgId,
          severity: f.confidence === 'certain' ? 'critical' : 'warning',
          summary:
            f.confidence === 'certain'
              ? `${org.name} has used ${fmt(f.cycleAcus)} ACUs this cycle, reaching its cap of ${fmt(f.cap)}.`
              : `${org.name} is on course for ${fmt(f.forecastAcus)} ACUs this cycle, over its cap of ${fmt(f.cap)}` +
                `${f.passesCapAt ? ` (around ${isoDay(f.passesCapAt)})` : ''}; confidence ${f.confidence}, ${Math.round(f.elapsedShare * 100)} % of the cycle gone.`,
          details: { orgName: org.name, ...f, cycle },
        });
      }
      const spike = findSpike(days, { factor: s.ALERT_SPIKE_FACTOR, minAcus: s.ALERT_SPIKE_MIN_ACU, baselineDays: s.ALERT_SPIKE_BASELINE_DAYS }, now);
      if (spike) {
        spikes.push({
          kind: 'spend-spike',
          subject: `${org.orgId}:${isoDay(spike.day)}`,
          orgId: org.orgId,
          severity: 'warning',
          summary: `${org.name} used ${fmt(spike.acus)} ACUs on ${isoDay(spike.day)}, ${fmt(spike.acus / Math.max(spike.baselinePerDay, 0.001))}× its ${s.ALERT_SPIKE_BASELINE_DAYS}-day average of ${fmt(spike.baselinePerDay)}.`,
          details: { orgName: org.name, ...spike },
        });
      }
    },
  );
  if (failure) throw failure;
  return new Map([
    ['forecast-over-cap', forecasts],
    ['spend-spike', spikes],
  ]);
}

async function keyConditions(now: number): Promise<Map<AlertKind, AlertCondition[]>> {
  const days = opsSettings().ALERT_KEY_EXPIRY_DAYS;
  const devin = getDevinClient();
  const [serviceUsers, scheduled] = await Promise.all([
    collectAll((after) => devin.serviceUsers.list({ first: 200, after }), { pageSize: 200 }),
    listJobs({ kind: 'key.revoke', status: ['pending', 'running'], limit: 10_000 }),
  ]);
  const revoking = new Set(scheduled.map((j) => (j.payload as { apiKeyId?: string }).apiKeyId ?? ''));
  const found: AlertCondition[] = [];
  let failure: unknown;
  await forEachWithConcurrency(
    serviceUsers,
    IN_FLIGHT,
    (su) =>
      collectAll((after) => devin.apiKeys.list(su.serviceUserId, { status: 'all', first: 200, after }), { pageSize: 200 }).catch((err: unknown) => {
        if (err instanceof UpstreamError && err.status === 404) return [] as ApiKey[];
        throw err;
      }),
    (su, outcome) => {
      if (outcome.status === 'rejected') {
        failure ??= outcome.reason;
        return;
      }
      const keys = outcome.value.map((k) => ({ apiKeyId: k.apiKeyId, name: k.apiKeyName, active: k.isActive && k.revokedAt === null, expiresAt: k.expiresAt }));
      const orgId = su.roleAssignments.find((a) => a.orgId)?.orgId ?? null;
      for (const k of expiringWithoutSuccessor(keys, days, now, revoking)) {
        const inDays = Math.max(0, Math.ceil((k.expiresAt! - now) / DAY_SECONDS));
        found.push({
          kind: 'key-expiring',
          subject: k.apiKeyId,
          orgId,
          severity: inDays <= 1 ? 'critical' : 'warning',
          summary: `Key “${k.name}” of service user ${su.name} expires on ${isoDay(k.expiresAt!)} (in ${inDays} day${inDays === 1 ? '' : 's'}) and has no successor: create or rotate a key.`,
          details: { serviceUserId: su.serviceUserId, serviceUserName: su.name, apiKeyId: k.apiKeyId, keyName: k.name, expiresAt: k.expiresAt },
        });
      }
    },
  );
  if (failure) throw failure;
  return new Map([['key-expiring', found]]);
}

/** The billing cycle `now` falls in, as Devin lists it; the calendar month (from 08:00 UTC on the 1st) if none does. */
async function cycleAt(now: number): Promise<TimeRange> {
  const { items } = await getDevinClient().consumption.cycles({ first: 5 });
  const current = items.find((c) => c.after <= now && now < c.before);
  if (current) return { timeAfter: current.after, timeBefore: current.before };
  const day = new Date((dayStart(now) - 8 * 3_600) * 1000);
  const start = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), 1) / 1000 + 8 * 3_600;
  return { timeAfter: start, timeBefore: Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 1) / 1000 + 8 * 3_600 };
}
