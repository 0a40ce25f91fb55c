import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { prepareBatch, toNdjsonStream } from '@/lib/sessions/batch';
import { forEachWithConcurrency } from '@/lib/concurrency';
import { readNdjson } from '@/lib/sessions/ndjson';
import { batchSessionsBodySchema, type BatchEvent } from '@/lib/sessions/schemas';
import { listTrail } from '@/lib/trail';
import { devinUserId, orgId, person, startWorld, uniquePrompt, type World } from './world';

let world: World;
const alice = person('alice', 'admin');

beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.close();
});
beforeEach(() => world.emulator.clearRequests());

/** Runs a batch the way the route does, through the NDJSON stream, and reads it back line by line. */
async function runBatch(user: typeof alice, orgKeys: string[], prompt = uniquePrompt('Add a CODEOWNERS file'), confirmDuplicate = false) {
  const body = batchSessionsBodySchema.parse({ prompt, orgIds: orgKeys.map(orgId), confirmDuplicate });
  const run = await prepareBatch(user, body, 'req-batch');
  const events: BatchEvent[] = [];
  await readNdjson<BatchEvent>(toNdjsonStream(run), (e) => events.push(e));
  return events;
}

describe('running one prompt in several orgs', () => {
  it('starts a session per org, streams each result, and keeps going when one org fails', async () => {
    world.emulator.failNext({ match: `POST /v3/organizations/${orgId('payments')}/sessions`, status: 503 });
    const events = await runBatch(alice, ['platform', 'payments', 'mobile']);

    expect(events[0]).toEqual({
      type: 'start',
      orgs: [
        { orgId: orgId('platform'), name: 'Platform Engineering' },
        { orgId: orgId('payments'), name: 'Payments' },
        { orgId: orgId('mobile'), name: 'Mobile Apps' },
      ],
    });
    expect(events.at(-1)).toEqual({ type: 'done', created: 2, duplicates: 0, failed: 1 });
    const byOrg = new Map(events.flatMap((e) => (e.type === 'org' ? [[e.orgId, e] as const] : [])));
    expect(byOrg.get(orgId('platform'))).toMatchObject({ outcome: 'created', startedAs: 'you' });
    expect(byOrg.get(orgId('mobile'))).toMatchObject({ outcome: 'created', startedAs: 'service-user', reason: 'not-a-member' });
    expect(byOrg.get(orgId('payments'))).toMatchObject({
      outcome: 'failed',
      error: { code: 'upstream_error', message: expect.stringMatching(/not reachable/i) },
    });

    const platform = byOrg.get(orgId('platform'));
    const wire = await world.devinGet<{ user_id: string }>(`/v3/organizations/${orgId('platform')}/sessions/${platform && 'session' in platform ? platform.session.sessionId : ''}`);
    expect(wire.user_id).toBe(devinUserId('alice'));
    const trail = (await listTrail({ actorSub: alice.id, action: 'session.create' })).items.filter((e) => e.requestId === 'req-batch');
    expect(trail.map((e) => `${e.orgId}:${e.outcome}`).sort()).toEqual(
      [`${orgId('mobile')}:ok`, `${orgId('payments')}:error`, `${orgId('platform')}:ok`].sort(),
    );
  });

  it('reports orgs already started with this prompt, and starts them again only when confirmed', async () => {
    const prompt = uniquePrompt('Enable dependabot');
    await runBatch(alice, ['platform', 'security'], prompt);
    const again = await runBatch(alice, ['platform', 'security', 'growth'], prompt);
    expect(again.at(-1)).toEqual({ type: 'done', created: 1, duplicates: 2, failed: 0 });
    const confirmed = await runBatch(alice, ['platform', 'security'], prompt, true);
    expect(confirmed.at(-1)).toEqual({ type: 'done', created: 2, duplicates: 0, failed: 0 });
  });

  it('starts three sessions at a time, not one by one and not all at once', async () => {
    world.emulator.setFaults({ rules: [{ match: 'POST /v3/organizations/*', latencyMs: 500 }] });
    const startedAt = performance.now();
    try {
      await runBatch(alice, ['platform', 'payments', 'data', 'mobile', 'security', 'growth']);
    } finally {
      world.emulator.setFaults({ rules: [] });
    }
    const elapsed = performance.now() - startedAt;
    expect(world.calls(/^POST .*\/sessions$/)).toHaveLength(6);
    // Six slow creates in two waves of three: about 1 s (all at once ~0.5 s, one by one ~3 s). The upper bound
    // leaves a slow machine 1.5 s for the portal's own work.
    expect(elapsed).toBeGreaterThanOrEqual(990);
    expect(elapsed).toBeLessThan(2_500);
  });

  it('refuses the whole batch, before writing anything, when one org is not the person’s', async () => {
    const bob = person('bob');
    const body = batchSessionsBodySchema.parse({ prompt: uniquePrompt(), orgIds: [orgId('payments'), orgId('data')] });
    await expect(prepareBatch(bob, body, 'req-denied')).rejects.toMatchObject({ code: 'not_found' });
    expect(world.calls(/^POST /)).toEqual([]);
  });

  it('rejects a batch that names an org twice or none at all', () => {
    expect(batchSessionsBodySchema.safeParse({ prompt: 'x', orgIds: [orgId('data'), orgId('data')] }).error?.issues[0]?.path).toEqual(['orgIds']);
    expect(batchSessionsBodySchema.safeParse({ prompt: 'x', orgIds: [] }).error?.issues[0]?.path).toEqual(['orgIds']);
  });
});

describe('forEachWithConcurrency', () => {
  it('never runs more than the limit at once, and one failure does not stop the rest', async () => {
    let inFlight = 0;
    let peak = 0;
    const settled: string[] = [];
    await forEachWithConcurrency(
      [1, 2, 3, 4, 5, 6, 7],
      3,
      async (n) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 10 + (n % 3) * 5));
        inFlight--;
        if (n === 2) throw new Error('boom');
        return n * 10;
      },
      (n, outcome) => {
        settled.push(outcome.status === 'fulfilled' ? `${n}:${outcome.value}` : `${n}:failed`);
      },
    );
    expect(peak).toBe(3);
    expect(settled.sort()).toEqual(['1:10', '2:failed', '3:30', '4:40', '5:50', '6:60', '7:70']);
  });
});
