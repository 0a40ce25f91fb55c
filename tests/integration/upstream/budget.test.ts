import { describe, expect, it } from 'vitest';
import { nowSeconds, withEmulator } from './harness';

/*
 * One upstream budget per instance, against the real emulator: identical reads are made once
 * (while in flight, and for a moment after), writes are never shared and make later reads fresh,
 * concurrency is capped, and a 429 slows every caller down, not just the one that got it.
 */

const h = withEmulator();
const roleReads = (since: number) => h.requestsSince(since).filter((r) => r.path === '/v3/enterprise/roles').length;

describe('the upstream budget', () => {
  it('makes 50 identical concurrent reads once, and answers them all the same', async () => {
    const client = h.clientFor(h.emulator.tokens.admin, { shareReadsMs: 0 });
    const before = h.mark();
    const pages = await Promise.all(Array.from({ length: 50 }, () => client.roles.list()));
    expect(roleReads(before)).toBe(1);
    expect(new Set(pages.map((p) => JSON.stringify(p))).size).toBe(1);
    expect(client.budget.stats.shared).toBe(49);
  });

  it('answers a read again within the window, and asks again after it', async () => {
    let now = 1_000_000;
    // The window is measured on the budget's clock; move it by hand.
    const client = h.clientFor(h.emulator.tokens.admin, { shareReadsMs: 1000, now: () => now });
    const before = h.mark();
    await client.roles.list();
    now += 400;
    await client.roles.list();
    expect(roleReads(before)).toBe(1);
    now += 700;
    await client.roles.list();
    expect(roleReads(before)).toBe(2);
  });

  it('never shares a write, and reads after a write ask Devin again', async () => {
    const client = h.clientFor(h.emulator.tokens.admin, { shareReadsMs: 60_000 });
    const name = `budget-${nowSeconds()}`;
    const before = h.mark();
    const orgsBefore = await client.organizations.list({ first: 200 });
    const [a, b] = await Promise.all([client.organizations.create({ name: `${name}-a` }), client.organizations.create({ name: `${name}-b` })]);
    expect(a.orgId).not.toBe(b.orgId);
    const orgsAfter = await client.organizations.list({ first: 200 });
    expect(orgsAfter.items.length).toBe(orgsBefore.items.length + 2);
    expect(h.requestsSince(before).filter((r) => r.method === 'POST')).toHaveLength(2);
    await client.organizations.delete(a.orgId);
    await client.organizations.delete(b.orgId);
  });

  it('keeps at most maxConcurrent requests in flight', async () => {
    h.emulator.setFaults({ rules: [{ match: 'GET /v3/enterprise/organizations/*', latencyMs: 150 }] });
    try {
      const client = h.clientFor(h.emulator.tokens.admin, { maxConcurrent: 2 });
      const orgs = (await client.organizations.list({ first: 6 })).items;
      const started = Date.now();
      const pending = orgs.map((o) => client.organizations.get(o.orgId));
      await new Promise((r) => setTimeout(r, 50));
      expect(client.budget.queued).toBe(orgs.length - 2);
      await Promise.all(pending);
      // Six 150 ms reads two at a time take at least three rounds.
      expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 150 - 20);
    } finally {
      h.emulator.clearFaults();
    }
  });

  it('pauses every caller after a 429 with Retry-After, not just the one that got it', async () => {
    const client = h.clientFor(h.emulator.tokens.admin, { retryBaseMs: 10 });
    h.emulator.failNext({ match: 'GET /v3/enterprise/roles', status: 429, retryAfterSeconds: 1 });
    const started = Date.now();
    const first = client.roles.list();
    await new Promise((r) => setTimeout(r, 100));
    // A different route, called after the 429 arrived: it waits for the pause too.
    await client.self.get();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    await first;
    expect(client.budget.stats.paused).toBeGreaterThanOrEqual(1);
  });
});
