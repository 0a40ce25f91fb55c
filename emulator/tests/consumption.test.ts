import { describe, expect, it } from 'vitest';
import { demoOrgId, demoUserId, seededServiceUserId } from '../index';
import { consumptionSchema, cycleSchema, pageOf, sessionSchema } from './contract-schemas';
import { expectOk, expectProblem, T0, setUpEmulator } from './harness';

const h = setUpEmulator({ sessionTimeline: { claimedAfterMs: 0, runningAfterMs: 0, exitAfterMs: 60_000 } });
const payments = demoOrgId('payments');
const DAY = 86_400;
/** 08:00 UTC on the day before T0, and the 60 days before that. */
const yesterday = Date.UTC(2026, 5, 14, 8) / 1000;
const window = `time_after=${yesterday - 60 * DAY}&time_before=${yesterday + DAY}`;

async function report(path: string, query = window) {
  return expectOk(await h.call('GET', `${path}?${query}`), consumptionSchema);
}

describe('daily consumption', () => {
  it('buckets by day starting 08:00 UTC, every product present, totals adding up', async () => {
    const c = await report('/v3/enterprise/consumption/daily');
    expect(c.consumption_by_date).toHaveLength(61);
    for (const day of c.consumption_by_date) {
      expect(day.date % DAY).toBe(8 * 3600);
      expect(Object.keys(day.acus_by_product).sort()).toEqual(['cascade', 'devin', 'terminal']);
      const { devin, cascade, terminal } = day.acus_by_product;
      expect(day.acus).toBeCloseTo(devin + cascade + terminal, 2);
    }
    expect(c.consumption_by_date[0]!.date).toBe(yesterday - 60 * DAY);
    expect(c.total_acus).toBeCloseTo(c.consumption_by_date.reduce((s, d) => s + d.acus, 0), 2);
    expect(c.total_acus).toBeGreaterThan(100);
  });

  it('keeps to the window: a bucket counts if it starts before time_before and ends after time_after', async () => {
    const oneDay = await report('/v3/enterprise/consumption/daily', `time_after=${yesterday + 3600}&time_before=${yesterday + 7200}`);
    expect(oneDay.consumption_by_date.map((d) => d.date)).toEqual([yesterday]);
    const empty = await report('/v3/enterprise/consumption/daily', `time_after=${yesterday}&time_before=${yesterday}`);
    expect(empty).toEqual({ total_acus: 0, consumption_by_date: [] });
    expectProblem(await h.call('GET', `/v3/enterprise/consumption/daily?time_after=${yesterday}&time_before=${yesterday - 1}`), 422);
  });

  it('defaults to the current billing cycle, up to today', async () => {
    const c = await report('/v3/enterprise/consumption/daily', '');
    const dates = c.consumption_by_date.map((d) => d.date);
    expect(dates[0]).toBe(Date.UTC(2026, 5, 1, 8) / 1000);
    expect(dates.at(-1)).toBe(Date.UTC(2026, 5, 15, 8) / 1000);
  });

  it('narrows by org, user, service user and session; parts never exceed the whole', async () => {
    const all = await report('/v3/enterprise/consumption/daily');
    const org = await report(`/v3/enterprise/consumption/daily/organizations/${payments}`);
    const bob = await report(`/v3/enterprise/consumption/daily/users/${demoUserId('bob')}`);
    const bot = await report(`/v3/enterprise/consumption/daily/service-users/${seededServiceUserId('payments-deploy-bot')}`);
    for (const part of [org, bob, bot]) {
      expect(part.total_acus).toBeGreaterThan(0);
      expect(part.total_acus).toBeLessThan(all.total_acus);
    }
    const bobInPayments = await report(`/v3/organizations/${payments}/consumption/daily/users/${demoUserId('bob')}`);
    expect(bobInPayments.total_acus).toBeLessThan(bob.total_acus);
    expect((await report(`/v3/organizations/${payments}/consumption/daily`)).total_acus).toBe(org.total_acus);
    expect((await report(`/v3/organizations/${payments}/consumption/daily/service-users/${seededServiceUserId('platform-ci')}`)).total_acus).toBe(0);
  });

  it('counts a live session’s ACUs for its org, user, service user and itself while it runs', async () => {
    // A fresh org has no background usage, so everything it reports comes from the session.
    const org = (await h.call('POST', '/v3/enterprise/organizations', { body: { name: 'Consumption probe' } })).body as { org_id: string };
    const bob = demoUserId('bob');
    await h.call('POST', `/v3/enterprise/organizations/${org.org_id}/members/users/${bob}`, { body: { role_id: 'role-org-member' } });
    const today = `time_after=${Date.UTC(2026, 5, 15, 8) / 1000}&time_before=${Date.UTC(2026, 5, 16, 8) / 1000}`;
    const orgPath = `/v3/organizations/${org.org_id}/consumption/daily`;
    expect((await report(orgPath, today)).total_acus).toBe(0);

    const session = expectOk(
      await h.call('POST', `/v3/organizations/${org.org_id}/sessions`, { body: { prompt: 'burn', create_as_user_id: bob } }),
      sessionSchema,
    );
    h.clock.now += 30_000;
    const live = expectOk(await h.call('GET', `/v3/organizations/${org.org_id}/sessions/${session.session_id}`), sessionSchema);
    expect(live.status).toBe('running');
    expect(live.acus_consumed).toBeGreaterThan(0);
    const totals = await Promise.all(
      [
        orgPath,
        `${orgPath}/users/${bob}`,
        `${orgPath}/service-users/${seededServiceUserId('portal')}`,
        `${orgPath}/sessions/${session.session_id}`,
        `/v3/enterprise/consumption/daily/organizations/${org.org_id}`,
        `/v3/enterprise/consumption/daily/sessions/${session.session_id}`,
      ].map(async (path) => (await report(path, today)).total_acus),
    );
    expect(totals).toEqual(totals.map(() => live.acus_consumed));
    expect((await report(orgPath, today)).consumption_by_date[0]!.acus_by_product).toEqual({ devin: live.acus_consumed, cascade: 0, terminal: 0 });

    h.clock.now += 60_000;
    const done = expectOk(await h.call('GET', `/v3/organizations/${org.org_id}/sessions/${session.session_id}`), sessionSchema);
    expect(done.acus_consumed).toBeGreaterThan(live.acus_consumed);
    expect((await report(orgPath, today)).total_acus).toBe(done.acus_consumed);
  });

  it('404s unknown subjects', async () => {
    expectProblem(await h.call('GET', '/v3/enterprise/consumption/daily/organizations/org-000000000000'), 404);
    expectProblem(await h.call('GET', '/v3/enterprise/consumption/daily/users/user-nobody'), 404);
    expectProblem(await h.call('GET', '/v3/enterprise/consumption/daily/service-users/service-user-0'), 404);
    expectProblem(await h.call('GET', '/v3/enterprise/consumption/daily/sessions/devin-0'), 404);
  });

  it('needs ManageBilling or ViewAccountConsumption (ViewOrgConsumption at org level)', async () => {
    expect(expectProblem(await h.call('GET', '/v3/enterprise/consumption/daily', { as: 'reader' }), 403).detail).toBe(
      'Missing permission: ManageBilling (or ViewAccountConsumption)',
    );
    expect(expectProblem(await h.call('GET', `/v3/organizations/${payments}/consumption/daily`, { as: 'reader' }), 403).detail).toBe(
      'Missing permission: ManageBilling (or ViewOrgConsumption)',
    );
  });
});

describe('billing cycles', () => {
  it('lists monthly cycles newest first, the current one included, paginated', async () => {
    const page = expectOk(await h.call('GET', '/v3/enterprise/consumption/cycles'), pageOf(cycleSchema));
    expect(page.items[0]).toEqual({ after: Date.UTC(2026, 5, 1, 8) / 1000, before: Date.UTC(2026, 6, 1, 8) / 1000 });
    expect(page.items[1]).toEqual({ after: Date.UTC(2026, 4, 1, 8) / 1000, before: Date.UTC(2026, 5, 1, 8) / 1000 });
    expect(page.items.length).toBeGreaterThanOrEqual(3);
    const first = expectOk(await h.call('GET', '/v3/enterprise/consumption/cycles?first=1'), pageOf(cycleSchema));
    const second = expectOk(await h.call('GET', `/v3/enterprise/consumption/cycles?first=1&after=${first.end_cursor}`), pageOf(cycleSchema));
    expect(second.items).toEqual([page.items[1]]);
    expect(T0 / 1000).toBeLessThan(page.items[0]!.before);
    expectProblem(await h.call('GET', '/v3/enterprise/consumption/cycles', { as: 'reader' }), 403);
  });
});
