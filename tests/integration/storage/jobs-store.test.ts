import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as AlertStore from '@/lib/alerts/store';
import type * as Runner from '@/lib/jobs/runner';
import type * as JobStore from '@/lib/jobs/store';
import type * as Storage from '@/lib/storage/db';
import { setPortalEnv } from '../../helpers/portal-env';
import { STORE_BACKENDS } from './store-backends';

let store: typeof JobStore;
let runner: typeof Runner;
let alerts: typeof AlertStore;
let storage: typeof Storage;

describe.each(STORE_BACKENDS)('jobs table on $name', (backend) => {
  let cleanup: () => Promise<void>;
  const now = Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    if (backend.skip) return;
    const created = await backend.create();
    cleanup = created.cleanup;
    setPortalEnv({ url: 'http://127.0.0.1:1', token: 'cog_jobs_store_tests_only' }, { DATABASE_URL: created.url });
    [store, runner, alerts, storage] = await Promise.all([import('@/lib/jobs/store'), import('@/lib/jobs/runner'), import('@/lib/alerts/store'), import('@/lib/storage/db')]);
    await storage.closeDb();
  });

  afterAll(async () => {
    if (backend.skip) return;
    await storage.closeDb();
    await cleanup();
  });

  it.skipIf(backend.skip)('keeps one job per dedupe key, and any number without one', async () => {
    const a = await store.enqueueJob({ kind: 'test.dedupe', dueAt: now, dedupeKey: 'test.dedupe:1' });
    const b = await store.enqueueJob({ kind: 'test.dedupe', dueAt: now + 60, dedupeKey: 'test.dedupe:1' });
    expect(a).toEqual(expect.any(String));
    expect(b).toBeNull();
    expect(await store.enqueueJob({ kind: 'test.dedupe', dueAt: now })).toEqual(expect.any(String));
    expect(await store.enqueueJob({ kind: 'test.dedupe', dueAt: now })).toEqual(expect.any(String));
    expect(await store.listJobs({ kind: 'test.dedupe' })).toHaveLength(3);
  });

  it.skipIf(backend.skip)('hands each due job to exactly one of several runners claiming at once', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 40; i++) ids.add((await store.enqueueJob({ kind: 'test.claim', dueAt: now - 100 + i, actor: { sub: 'sub-bob', email: 'bob@acme.test', name: 'Bob' } }))!);
    await store.enqueueJob({ kind: 'test.claim', dueAt: now + 3_600 });
    const claims = await Promise.all(
      Array.from({ length: 6 }, (_, w) => store.claimDueJobs({ now, limit: 10, leaseSeconds: 60, worker: `worker-${w}` })),
    );
    const claimed = claims.flat().filter((j) => j.kind === 'test.claim');
    expect(claimed.length).toBe(40);
    expect(new Set(claimed.map((j) => j.id))).toEqual(ids);
    expect(claimed.every((j) => j.status === 'running' && j.attempts === 1 && j.actor?.sub === 'sub-bob')).toBe(true);
    // Nothing left that is due: the future job stays put.
    expect((await store.claimDueJobs({ now, limit: 100, leaseSeconds: 60, worker: 'late' })).filter((j) => j.kind === 'test.claim')).toEqual([]);
  });

  it.skipIf(backend.skip)('lets only the claiming runner finish a job, and re-claims one whose lease ran out', async () => {
    const id = (await store.enqueueJob({ kind: 'test.lease', dueAt: now - 5 }))!;
    const [job] = (await store.claimDueJobs({ now, limit: 100, leaseSeconds: 30, worker: 'a' })).filter((j) => j.id === id);
    expect(job).toBeDefined();
    expect(await store.completeJob(id, 'b')).toBe(false);
    // Runner a died: after its lease another runner takes the job over, and a's late result no longer counts.
    const [again] = (await store.claimDueJobs({ now: now + 31, limit: 100, leaseSeconds: 30, worker: 'b' })).filter((j) => j.id === id);
    expect(again).toMatchObject({ attempts: 2 });
    expect(await store.completeJob(id, 'a')).toBe(false);
    expect(await store.completeJob(id, 'b')).toBe(true);
    expect(await store.completeJob(id, 'b')).toBe(false);
    expect((await store.listJobs({ kind: 'test.lease' }))[0]).toMatchObject({ status: 'done', finishedAt: expect.any(Number) });
  });

  it.skipIf(backend.skip)('runs a job once with several runners racing, retries failures with backoff, and gives up after max attempts', async () => {
    let runs = 0;
    const ok = (await store.enqueueJob({ kind: 'test.run.ok', dueAt: now - 1 }))!;
    const bad = (await store.enqueueJob({ kind: 'test.run.bad', dueAt: now - 1, maxAttempts: 2 }))!;
    const handlers = {
      'test.run.ok': async () => {
        runs++;
        await new Promise((r) => setTimeout(r, 20));
      },
      'test.run.bad': async () => {
        throw new Error('always fails');
      },
    };
    const reports = await Promise.all(Array.from({ length: 4 }, (_, w) => runner.runDueJobs(handlers, { now, worker: `racer-${w}` })));
    expect(runs).toBe(1);
    expect(reports.flatMap((r) => r.done).filter((id) => id === ok)).toHaveLength(1);
    expect(reports.flatMap((r) => r.retried)).toContain(bad);
    const retrying = (await store.listJobs({ kind: 'test.run.bad' }))[0]!;
    expect(retrying).toMatchObject({ status: 'pending', attempts: 1, lastError: 'always fails', scheduledAt: now - 1 });
    expect(retrying.dueAt).toBeGreaterThan(now);
    const last = await runner.runDueJobs(handlers, { now: retrying.dueAt });
    expect(last.failed).toEqual([bad]);
    expect((await store.listStuckJobs(retrying.dueAt, 600)).failed.map((j) => j.id)).toContain(bad);
  });

  it.skipIf(backend.skip)('schedules each recurring job once per period, however many instances ask', async () => {
    const { scheduleRecurringJobs } = await import('@/lib/jobs');
    // The start of a day 30 days ahead: `future` and `future + 1` then share every recurring job's period, whatever the clock says.
    const future = Math.floor((now + 30 * 86_400) / 86_400) * 86_400;
    await Promise.all([scheduleRecurringJobs(future), scheduleRecurringJobs(future), scheduleRecurringJobs(future + 1)]);
    const all = await store.listJobs({ limit: 1_000 });
    for (const kind of ['alerts.evaluate', 'jobs.prune', 'org-requests.expire']) {
      expect(all.filter((j) => j.kind === kind && j.dueAt > now + 29 * 86_400), kind).toHaveLength(1);
    }
    expect(all.filter((j) => j.kind === 'key.revoke.backfill')).toHaveLength(1);
  });

  it.skipIf(backend.skip)('expires pending org requests from the runner, not from a read', async () => {
    const { JOB_HANDLERS } = await import('@/lib/jobs');
    const db = await storage.getDb();
    const at = now - 10;
    await db
      .insertInto('org_requests')
      .values({
        id: `req-expire-${now}`,
        requester_sub: 'sub-bob',
        requester_email: 'bob@acme.test',
        requester_name: 'Bob',
        name: 'Expiring',
        name_key: 'expiring',
        max_cycle_acu_limit: 5_000,
        max_session_acu_limit: 10,
        reason: 'test',
        status: 'pending',
        auto_approved: 0,
        decided_by_sub: null,
        decided_by_email: null,
        decision_reason: null,
        decided_at: null,
        org_id: null,
        member_status: 'pending',
        error_code: null,
        error_message: null,
        claimed_at: null,
        created_at: at - 3_600,
        updated_at: at - 3_600,
        expires_at: at,
      })
      .execute();
    const id = (await store.enqueueJob({ kind: 'org-requests.expire', dueAt: now - 1 }))!;
    const report = await runner.runDueJobs({ 'org-requests.expire': JOB_HANDLERS['org-requests.expire']! }, { now });
    expect(report.done).toContain(id);
    const row = await db.selectFrom('org_requests').select('status').where('id', '=', `req-expire-${now}`).executeTakeFirstOrThrow();
    expect(row.status).toBe('expired');
  });

  it.skipIf(backend.skip)('opens one alert per condition at a time, and a new one after it clears', async () => {
    const c = { kind: 'test' as const, subject: 'store-check', severity: 'info' as const, summary: 'store check' };
    const raced = await Promise.all(Array.from({ length: 4 }, () => alerts.raiseAlert(c)));
    expect(raced.filter((r) => r.opened)).toHaveLength(1);
    expect(await alerts.clearAlertsExcept('test', [])).toBe(1);
    const next = await alerts.raiseAlert(c);
    expect(next.opened).toBe(true);
    expect(next.alert.id).not.toBe(raced[0]!.alert.id);
    expect((await alerts.listAlerts({ kind: 'test' })).map((a) => a.status).sort()).toEqual(['cleared', 'open']);
  });
});
