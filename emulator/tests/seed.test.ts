import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_ORGS } from '../../demo/directory';
import { demoOrgId, startEmulator, type EmulatorOptions, type RunningEmulator } from '../index';
import { T0 } from './harness';

const started: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((e) => e.close()));
});

async function start(options: EmulatorOptions = {}) {
  const emu = await startEmulator({ port: 0, adminToken: 'cog_seed_test', now: () => T0, ...options });
  started.push(emu);
  return emu;
}

async function snapshot(emu: RunningEmulator) {
  const get = async (path: string) =>
    (await fetch(`${emu.url}${path}`, { headers: { Authorization: `Bearer ${emu.tokens.admin}` } })).json();
  const platform = demoOrgId('platform');
  return Promise.all([
    get('/v3/enterprise/organizations?first=200'),
    get(`/v3/organizations/${platform}/sessions?first=200`),
    get('/v3/enterprise/audit-logs?first=200'),
    get(`/v3/enterprise/consumption/daily/organizations/${platform}`),
    get('/v3/enterprise/members/service-users'),
  ]);
}

describe('seeding', () => {
  it('is deterministic: the same seed and clock give the same enterprise and tokens', async () => {
    const [a, b] = await Promise.all([start({ seed: 7, extraOrgs: 5 }), start({ seed: 7, extraOrgs: 5 })]);
    expect(b.tokens).toEqual(a.tokens);
    expect(await snapshot(b)).toEqual(await snapshot(a));
  });

  it('varies with the seed, while demo-directory ids stay put', async () => {
    const [a, b] = await Promise.all([start({ seed: 1 }), start({ seed: 2 })]);
    expect(b.tokens.reader).not.toBe(a.tokens.reader);
    const [orgsA, sessionsA] = await snapshot(a);
    const [orgsB, sessionsB] = await snapshot(b);
    expect(sessionsB).not.toEqual(sessionsA);
    const ids = (orgs: unknown) => (orgs as { items: { org_id: string }[] }).items.map((o) => o.org_id).sort();
    expect(ids(orgsA)).toEqual(DEMO_ORGS.map((o) => demoOrgId(o.key)).sort());
    expect(ids(orgsB)).toEqual(ids(orgsA));
  });

  it('adds generated orgs and audit entries on request, each org with consumption', async () => {
    const emu = await start({ extraOrgs: 200, extraAuditEntries: 100_000 });
    const auth = { headers: { Authorization: `Bearer ${emu.tokens.admin}` } };
    const orgs = (await (await fetch(`${emu.url}/v3/enterprise/organizations?first=200`, auth)).json()) as { total: number; items: { org_id: string }[] };
    expect(orgs.total).toBe(206);
    const extra = orgs.items.find((o) => !DEMO_ORGS.some((d) => demoOrgId(d.key) === o.org_id))!;
    const window = `time_after=${T0 / 1000 - 30 * 86_400}`;
    const usage = (await (await fetch(`${emu.url}/v3/enterprise/consumption/daily/organizations/${extra.org_id}?${window}`, auth)).json()) as { total_acus: number };
    expect(usage.total_acus).toBeGreaterThan(0);
    const audit = (await (await fetch(`${emu.url}/v3/enterprise/audit-logs?first=1&time_after=${T0 / 1000 - 100 * 86_400}`, auth)).json()) as { total: number };
    expect(audit.total).toBeGreaterThan(100_000);
  });

  it('uses DEVIN_SERVICE_USER_TOKEN as the admin token when none is passed, else generates one', async () => {
    const saved = process.env.DEVIN_SERVICE_USER_TOKEN;
    try {
      process.env.DEVIN_SERVICE_USER_TOKEN = 'cog_from_the_environment';
      expect((await startEmulator({ port: 0 }).then((e) => (started.push(e), e))).tokens.admin).toBe('cog_from_the_environment');
      delete process.env.DEVIN_SERVICE_USER_TOKEN;
      const generated = (await startEmulator({ port: 0 }).then((e) => (started.push(e), e))).tokens.admin;
      expect(generated).toMatch(/^cog_[0-9a-f]{48}$/);
    } finally {
      if (saved === undefined) delete process.env.DEVIN_SERVICE_USER_TOKEN;
      else process.env.DEVIN_SERVICE_USER_TOKEN = saved;
    }
  });

  it('refuses an impossible session timeline', async () => {
    await expect(startEmulator({ port: 0, sessionTimeline: { claimedAfterMs: 5, runningAfterMs: 1, exitAfterMs: 10 } })).rejects.toThrow(RangeError);
  });
});
