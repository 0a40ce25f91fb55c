import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PEOPLE } from '@/demo/directory';
import { demoOrgId, seededServiceUserId, startEmulator, type RunningEmulator } from '@/emulator';
import type * as Deliver from '@/lib/alerts/deliver';
import type * as Evaluate from '@/lib/alerts/evaluate';
import type * as Overview from '@/lib/alerts/overview';
import type * as AlertStore from '@/lib/alerts/store';
import type { PortalUser } from '@/lib/auth/types';
import type * as Jobs from '@/lib/jobs';
import type * as JobStore from '@/lib/jobs/store';
import type * as Settings from '@/lib/observability/settings';
import type * as ServiceUsers from '@/lib/service-users/service-users';
import type * as Storage from '@/lib/storage/db';
import type * as Upstream from '@/lib/upstream';
import { setPortalEnv } from '../../helpers/portal-env';
import { startWebhookReceiver, type ReceivedHook, type WebhookReceiver } from '../../helpers/webhook-receiver';

const DAY = 86_400;
const SECRET = randomBytes(24).toString('hex');
const PLATFORM = demoOrgId('platform');

let emulator: RunningEmulator;
let receiver: WebhookReceiver;
let token: string;
let dir: string;
let env: Record<string, string> = {};
let alerts: typeof AlertStore;
let evaluate: typeof Evaluate;
let deliver: typeof Deliver;
let overview: typeof Overview;
let jobs: typeof Jobs;
let jobStore: typeof JobStore;
let settings: typeof Settings;
let su: typeof ServiceUsers;
let storage: typeof Storage;
let upstream: typeof Upstream;

const alice: PortalUser = (() => {
  const p = DEMO_PEOPLE.find((x) => x.key === 'alice')!;
  return { id: 'sub-alice', email: p.email, name: p.name, role: 'admin' };
})();

function configure(t: string, extra: Record<string, string> = {}, devinUrl = emulator.url) {
  env = { ...env, ...extra };
  setPortalEnv(
    { url: devinUrl, token: t },
    { DATABASE_URL: `file:${join(dir, 'portal.db')}`, ALERT_WEBHOOK_URL: receiver.url, ALERT_WEBHOOK_SECRET: SECRET, ALERT_KEY_EXPIRY_DAYS: '14', ...env },
  );
  settings.resetOpsSettings();
}

type Body = { id: string; kind: string; subject: string; summary: string; severity: string };
const messages = (kind: string, subject?: string) =>
  receiver.received.filter((r) => r.path.startsWith('/hooks') && (r.json as Body | null)?.kind === kind && (subject === undefined || (r.json as Body).subject === subject));

function expectSigned(hook: ReceivedHook) {
  const ts = hook.headers['x-portal-timestamp'] as string;
  expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(120);
  const expected = `sha256=${createHmac('sha256', SECRET).update(`${ts}.${hook.body}`).digest('hex')}`;
  expect(hook.headers['x-portal-signature']).toBe(expected);
  expect(hook.headers['idempotency-key']).toBe((hook.json as Body).id);
}

/** Runs the job runner until no delivery is left due now (deliveries queued by a pass run in the next one). */
async function runJobs(now?: number) {
  for (let i = 0; i < 3; i++) await jobs.runJobsOnce({ recurring: false, now });
}

const openSubjects = async (kind: AlertStore.AlertKind) => (await alerts.listAlerts({ status: 'open', kind })).map((a) => a.subject);

async function until(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  token = `cog_${randomBytes(20).toString('hex')}`;
  emulator = await startEmulator({ port: 0, adminToken: token });
  receiver = await startWebhookReceiver();
  dir = mkdtempSync(join(tmpdir(), 'portal-alerts-'));
  settings = await import('@/lib/observability/settings');
  configure(token);
  [alerts, evaluate, deliver, overview, jobs, jobStore, su, storage, upstream] = await Promise.all([
    import('@/lib/alerts/store'),
    import('@/lib/alerts/evaluate'),
    import('@/lib/alerts/deliver'),
    import('@/lib/alerts/overview'),
    import('@/lib/jobs'),
    import('@/lib/jobs/store'),
    import('@/lib/service-users/service-users'),
    import('@/lib/storage/db'),
    import('@/lib/upstream'),
  ]);
});

beforeEach(() => {
  emulator.clearFaults();
  configure(token);
});

afterAll(async () => {
  await storage?.closeDb();
  await receiver?.close();
  await emulator?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('alerts to a webhook (real emulator, real SQLite store, local receiver)', () => {
  it('key expiring without a successor: sent once, signed; cleared by a successor; sent again when it comes back', async () => {
    const platformCi = seededServiceUserId('platform-ci');
    const keys = await upstream.getDevinClient().apiKeys.list(platformCi, { status: 'all' });
    const ci = keys.items.find((k) => k.apiKeyName === 'ci')!;

    const first = await evaluate.evaluateAlerts();
    expect(first.failed).toEqual([]);
    expect(first.found['key-expiring']).toContain(ci.apiKeyId);
    await runJobs();
    const sent = messages('key-expiring', ci.apiKeyId);
    expect(sent).toHaveLength(1);
    expectSigned(sent[0]!);
    expect(sent[0]!.json).toMatchObject({ type: 'devin-portal.alert', severity: 'warning', status: 'open', summary: expect.stringMatching(/Key “ci” of service user platform-ci expires on .* and has no successor/) });

    // Still true: no second message, however often it is checked.
    await evaluate.evaluateAlerts();
    await evaluate.evaluateAlerts();
    await runJobs();
    expect(messages('key-expiring', ci.apiKeyId)).toHaveLength(1);
    const [open] = await alerts.listAlerts({ status: 'open', kind: 'key-expiring' }).then((a) => a.filter((x) => x.subject === ci.apiKeyId));
    expect(open).toMatchObject({ sentAt: expect.any(Number), deliveryError: null });

    // A successor that lives longer clears it, without a message.
    const successor = await su.createKey(PLATFORM, platformCi, { name: 'ci-next', lifetime: '30d' }, { user: alice, requestId: 'req-successor' });
    await evaluate.evaluateAlerts();
    expect(await openSubjects('key-expiring')).not.toContain(ci.apiKeyId);
    await runJobs();
    expect(messages('key-expiring', ci.apiKeyId)).toHaveLength(1);

    // The successor is revoked: the condition is back, and so is the message.
    await su.revokeKey(PLATFORM, platformCi, successor.apiKeyId, { user: alice, requestId: 'req-revoke-successor' });
    await evaluate.evaluateAlerts();
    await runJobs();
    const again = messages('key-expiring', ci.apiKeyId);
    expect(again).toHaveLength(2);
    expect((again[1]!.json as Body).id).not.toBe((again[0]!.json as Body).id);
    expectSigned(again[1]!);
  });

  it('forecast over the cap: sent once, cleared when the cap is raised, sent again when it is lowered', async () => {
    // Late in a billing cycle on a fixed clock, so the org's use so far does not depend on the day the test runs.
    const late = Date.UTC(2026, 10, 25, 20, 0, 0);
    const fixed = await startEmulator({ port: 0, adminToken: token, now: () => late });
    const now = late / 1000;
    try {
      configure(token, {}, fixed.url);
      const devin = upstream.getDevinClient();
      const cycle = (await devin.consumption.cycles({ first: 5 })).items.find((c) => c.after <= now && now < c.before)!;
      const used = (await devin.consumption.orgDaily(PLATFORM, { timeAfter: cycle.after, timeBefore: now })).consumptionByDate.reduce((s, d) => s + d.acus, 0);
      expect(used).toBeGreaterThan(10);
      const cap = Math.floor(used) - 1;
      const subject = `${PLATFORM}:${cycle.after}`;
      const sent = () => messages('forecast-over-cap', subject);

      await devin.organizations.update(PLATFORM, { maxCycleAcuLimit: cap });
      expect((await evaluate.evaluateAlerts(now)).found['forecast-over-cap']).toContain(subject);
      await evaluate.evaluateAlerts(now);
      await runJobs();
      expect(sent()).toHaveLength(1);
      expect(sent()[0]!.json).toMatchObject({ severity: 'critical', orgId: PLATFORM, details: { confidence: 'certain', cap } });
      expectSigned(sent()[0]!);

      await devin.organizations.update(PLATFORM, { maxCycleAcuLimit: 1_000_000 });
      await evaluate.evaluateAlerts(now);
      expect(await openSubjects('forecast-over-cap')).not.toContain(subject);

      // A cap the run-rate passes before the cycle ends (not yet reached): a forecast, with its confidence.
      const rate = used / (now - cycle.after);
      const projected = used + rate * (cycle.before - now);
      await devin.organizations.update(PLATFORM, { maxCycleAcuLimit: Math.floor((used + projected) / 2) });
      await evaluate.evaluateAlerts(now);
      await runJobs();
      expect(sent()).toHaveLength(2);
      expect(sent()[1]!.json).toMatchObject({ severity: 'warning', details: { confidence: 'high' } });
      expect((sent()[1]!.json as Body).summary).toMatch(/is on course for .* over its cap .*confidence high/);
    } finally {
      configure(token);
      await fixed.close();
    }
  });

  it('spend spike against the trailing baseline: sent once, cleared above the threshold, sent again below it', async () => {
    // An emulator whose clock stands on a Wednesday evening, so the seeded usage (quiet at weekends) and with it
    // this test do not depend on the day it runs.
    const wednesday = Date.UTC(2026, 10, 25, 20, 0, 0);
    const fixed = await startEmulator({ port: 0, adminToken: token, now: () => wednesday });
    const now = wednesday / 1000;
    try {
      configure(token, {}, fixed.url);
      const devin = upstream.getDevinClient();
      const orgs = (await devin.organizations.list({ first: 200 })).items;
      // The test's own reading of the data: the largest ratio of yesterday or today to the 14 days before it.
      let best = { orgId: '', ratio: 0 };
      for (const org of orgs) {
        const days = (await devin.consumption.orgDaily(org.orgId, { timeAfter: now - 20 * DAY, timeBefore: now })).consumptionByDate;
        const byDay = new Map(days.map((d) => [d.date, d.acus]));
        for (const day of days.map((d) => d.date).filter((d) => d > now - 2 * DAY)) {
          const baseline = Array.from({ length: 14 }, (_, i) => byDay.get(day - (i + 1) * DAY) ?? 0);
          if (baseline.filter((v) => v > 0).length < 3) continue;
          const ratio = byDay.get(day)! / (baseline.reduce((a, b) => a + b, 0) / 14);
          if (ratio > best.ratio) best = { orgId: org.orgId, ratio };
        }
      }
      expect(best.ratio).toBeGreaterThan(1.2);
      const below = (Math.floor(best.ratio * 100) - 2) / 100;
      const above = (Math.ceil(best.ratio * 100) + 2) / 100;
      const spikeMessages = () => receiver.received.filter((r) => (r.json as Body | null)?.kind === 'spend-spike' && (r.json as { orgId: string }).orgId === best.orgId);

      configure(token, { ALERT_SPIKE_MIN_ACU: '0', ALERT_SPIKE_FACTOR: String(below) }, fixed.url);
      expect((await evaluate.evaluateAlerts(now)).found['spend-spike']).toEqual(expect.arrayContaining([expect.stringContaining(best.orgId)]));
      await evaluate.evaluateAlerts(now);
      await runJobs();
      expect(spikeMessages()).toHaveLength(1);
      expect((spikeMessages()[0]!.json as Body).summary).toMatch(/× its 14-day average/);
      expectSigned(spikeMessages()[0]!);

      configure(token, { ALERT_SPIKE_FACTOR: String(above) }, fixed.url);
      await evaluate.evaluateAlerts(now);
      expect(await openSubjects('spend-spike')).toEqual([]);

      configure(token, { ALERT_SPIKE_FACTOR: String(below) }, fixed.url);
      await evaluate.evaluateAlerts(now);
      await runJobs();
      expect(spikeMessages()).toHaveLength(2);
    } finally {
      configure(token, { ALERT_SPIKE_MIN_ACU: '', ALERT_SPIKE_FACTOR: '' });
      await fixed.close();
    }
  });

  it('Devin refusing the portal token: sent once, cleared by the next accepted call, sent again when refused again', async () => {
    const wrong = `cog_${randomBytes(20).toString('hex')}`;
    const refuse = async () => {
      configure(wrong);
      await expect(upstream.getDevinClient().self.get()).rejects.toMatchObject({ status: 401 });
      await until(async () => (await openSubjects('upstream-token-rejected')).length === 1, 'the alert to open');
    };
    await refuse();
    await expect(upstream.getDevinClient().self.get()).rejects.toMatchObject({ status: 401 });
    await runJobs();
    expect(messages('upstream-token-rejected')).toHaveLength(1);
    expect(messages('upstream-token-rejected')[0]!.json).toMatchObject({ severity: 'critical', summary: expect.stringMatching(/revoked or has expired/) });
    expect(receiver.received.map((r) => r.body).join('')).not.toContain(wrong.slice(4));

    configure(token);
    await upstream.getDevinClient().self.get();
    await until(async () => (await openSubjects('upstream-token-rejected')).length === 0, 'the alert to clear');

    await refuse();
    configure(token);
    await runJobs();
    expect(messages('upstream-token-rejected')).toHaveLength(2);
    expectSigned(messages('upstream-token-rejected')[1]!);
  });

  it('an overdue job: reported once, its delivery retried with backoff through the runner, cleared when done', async () => {
    const su1 = seededServiceUserId('platform-ci');
    // A revocation that was due an hour ago, which Devin keeps refusing (503).
    emulator.setFaults({ rules: [{ match: `GET /v3beta1/enterprise/service-users/${su1}/api-keys`, rate5xx: 1 }] });
    const now = Math.floor(Date.now() / 1000);
    const jobId = (await jobStore.enqueueJob({
      kind: 'key.revoke',
      dueAt: now - 3_600,
      orgId: PLATFORM,
      actor: { sub: alice.id, email: alice.email, name: alice.name },
      payload: { serviceUserId: su1, apiKeyId: 'apikey-does-not-exist' },
      maxAttempts: 100,
    }))!;
    receiver.failNext(2, 502);
    const before = receiver.received.length;

    await jobs.runJobsOnce({ recurring: false, now });
    expect(await openSubjects('job-overdue')).toEqual([jobId]);
    const [alert] = await alerts.listAlerts({ status: 'open', kind: 'job-overdue' });
    expect(alert!.summary).toMatch(/key\.revoke is 60 min overdue/);
    const delivery = async () => (await jobStore.listJobs({ kind: 'alert.deliver' })).find((j) => (j.payload as { alertId: string }).alertId === alert!.id)!;

    // First delivery: the receiver answers 502, the runner schedules a retry 15–30 s later.
    // (The pass above took a moment: the client retried Devin's 503s before the job gave up.)
    const later = Math.floor(Date.now() / 1000);
    await jobs.runJobsOnce({ recurring: false, now: later });
    expect(receiver.received.length - before).toBe(1);
    const retry1 = await delivery();
    expect(retry1).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringMatching(/answered 502/) });
    expect(retry1.dueAt - later).toBeGreaterThanOrEqual(15);
    expect(retry1.dueAt - later).toBeLessThanOrEqual(30);
    // Not before its time.
    await jobs.runJobsOnce({ recurring: false, now: retry1.dueAt - 1 });
    expect(receiver.received.length - before).toBe(1);
    // Second try fails too; the wait doubles.
    await jobs.runJobsOnce({ recurring: false, now: retry1.dueAt });
    const retry2 = await delivery();
    expect(retry2.attempts).toBe(2);
    expect(retry2.dueAt - retry1.dueAt).toBeGreaterThanOrEqual(30);
    expect(retry2.dueAt - retry1.dueAt).toBeLessThanOrEqual(60);
    // Third try gets through.
    await jobs.runJobsOnce({ recurring: false, now: retry2.dueAt });
    expect(await delivery()).toMatchObject({ status: 'done', attempts: 3 });
    const tries = receiver.received.slice(before);
    expect(tries).toHaveLength(3);
    expect(new Set(tries.map((t) => t.headers['idempotency-key']))).toEqual(new Set([alert!.id]));
    expectSigned(tries[2]!);
    expect((await alerts.getAlert(alert!.id))!.sentAt).toEqual(expect.any(Number));

    // Checked again and again while it stays overdue: still one alert, one message.
    await jobs.runJobsOnce({ recurring: false, now: retry2.dueAt + 5 });
    await jobs.runJobsOnce({ recurring: false, now: retry2.dueAt + 600 });
    expect(receiver.received.length - before).toBe(3);
    expect(new Set(messages('job-overdue', jobId).map((m) => (m.json as Body).id))).toEqual(new Set([alert!.id]));

    // Devin answers again: the job is done on its next try and the alert clears.
    emulator.clearFaults();
    const job = (await jobStore.listJobs({ kind: 'key.revoke' })).find((j) => j.id === jobId)!;
    await jobs.runJobsOnce({ recurring: false, now: job.dueAt });
    expect((await jobStore.listJobs({ kind: 'key.revoke' })).find((j) => j.id === jobId)!.status).toBe('done');
    expect(await openSubjects('job-overdue')).toEqual([]);

    // The admin page's view agrees.
    const o = await overview.getAlertsOverview();
    expect(o.overdueJobs).toEqual([]);
    expect(o.recent.find((a) => a.id === alert!.id)).toMatchObject({ status: 'cleared', sentAt: expect.any(Number) });
  });

  it('a job that used up its attempts stays reported until an admin retries it', async () => {
    const now = Math.floor(Date.now() / 1000);
    const jobId = (await jobStore.enqueueJob({ kind: 'no.such.kind', dueAt: now - 10 }))!;
    await jobs.runJobsOnce({ recurring: false, now });
    const o = await overview.getAlertsOverview();
    expect(o.failedJobs.map((j) => j.id)).toContain(jobId);
    expect(o.failedJobs.find((j) => j.id === jobId)!.lastError).toMatch(/no handler for job kind no\.such\.kind/);
    expect(await openSubjects('job-overdue')).toContain(jobId);
    await runJobs(now);
    expect(messages('job-overdue', jobId)).toHaveLength(1);
    expect(await jobStore.retryFailedJob(jobId)).toBe(true);
    expect((await jobStore.listJobs({})).find((j) => j.id === jobId)).toMatchObject({ status: 'pending', maxAttempts: 4 });
  });

  it("sends an admin's test message as Slack-compatible JSON, signed", async () => {
    configure(token, { ALERT_WEBHOOK_FORMAT: 'slack' });
    const before = receiver.received.length;
    const alert = await overview.sendTestAlert(alice);
    await runJobs();
    const [hook] = receiver.received.slice(before);
    expect(hook!.json).toMatchObject({ text: expect.stringContaining('A test message sent by an admin'), blocks: expect.any(Array) });
    expect((hook!.json as { text: string }).text).toContain(alice.name);
    const ts = hook!.headers['x-portal-timestamp'] as string;
    expect(hook!.headers['x-portal-signature']).toBe(deliver.signPayload(SECRET, Number(ts), hook!.body));
    expect(await alerts.getAlert(alert.id)).toMatchObject({ status: 'cleared', sentAt: expect.any(Number) });
    configure(token, { ALERT_WEBHOOK_FORMAT: '' });
  });

  it('one open alert per condition even when instances race to open it', async () => {
    const condition = { kind: 'test' as const, subject: `race-${randomBytes(3).toString('hex')}`, severity: 'info' as const, summary: 'race' };
    const results = await Promise.all(Array.from({ length: 5 }, () => alerts.raiseAlert(condition)));
    expect(results.filter((r) => r.opened)).toHaveLength(1);
    expect(new Set(results.map((r) => r.alert.id)).size).toBe(1);
    const deliveries = (await jobStore.listJobs({ kind: 'alert.deliver' })).filter((j) => (j.payload as { alertId: string }).alertId === results[0]!.alert.id);
    expect(deliveries).toHaveLength(1);
  });
});
