import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toApiError } from '@/lib/api/errors';
import { errorText } from '@/lib/sessions/error-text';
import { listTrail } from '@/lib/trail';
import type { CreateSessionBody } from '@/lib/sessions/schemas';
import { startSession } from '@/lib/sessions/start';
import { devinUserId, orgId, person, startWorld, uniquePrompt, type World } from './world';

let world: World;

beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.close();
});
beforeEach(async () => {
  await world.pointAt('admin');
  world.emulator.clearRequests();
});

const body = (prompt: string, extra: Partial<CreateSessionBody> = {}): CreateSessionBody => ({ prompt, tags: [], confirmDuplicate: false, ...extra });

interface WireSession {
  session_id: string;
  user_id: string | null;
  tags: string[];
  title: string;
  playbook_id: string | null;
}

describe('starting a session', () => {
  it('creates it as the person in Devin, tags it with the team, and records it in the trail', async () => {
    const carol = person('carol');
    const data = orgId('data');
    const result = await startSession(carol, data, body(uniquePrompt(), { title: 'Flaky test', tags: ['ci', 'ci'], playbookId: 'playbook-ci', maxAcuLimit: 5 }), 'req-attrib');

    expect(result).toMatchObject({ outcome: 'created', startedAs: 'you', session: { owner: 'you', orgId: data, title: 'Flaky test' } });
    const wire = await world.devinGet<WireSession>(`/v3/organizations/${data}/sessions/${result.session.sessionId}`);
    expect(wire.user_id).toBe(devinUserId('carol'));
    expect(wire.tags).toEqual(['ci', 'team:equipe-de-science-des-donnees']);
    expect(wire.playbook_id).toBe('playbook-ci');

    const trail = await listTrail({ actorSub: carol.id, action: 'session.create' });
    expect(trail.items[0]).toMatchObject({
      outcome: 'ok',
      orgId: data,
      requestId: 'req-attrib',
      targetIds: { sessionId: result.session.sessionId },
      input: { createAsUserId: devinUserId('carol'), title: 'Flaky test' },
    });
  });

  it('gives back the earlier session when the same person sends the same prompt to the same org again', async () => {
    const bob = person('bob');
    const prompt = uniquePrompt('Upgrade the payment SDK');
    const first = await startSession(bob, orgId('payments'), body(prompt), 'req-1');
    const again = await startSession(bob, orgId('payments'), body(`  ${prompt.toUpperCase()}\n`), 'req-2');
    expect(again).toMatchObject({ outcome: 'duplicate', session: { sessionId: first.session.sessionId } });
    expect(world.calls(/^POST .*\/sessions$/)).toHaveLength(1);

    // Another org, or another person, is a different submission.
    const elsewhere = await startSession(bob, orgId('mobile'), body(prompt), 'req-3');
    expect(elsewhere.outcome).toBe('created');

    // Confirming starts a second session on purpose.
    const confirmed = await startSession(bob, orgId('payments'), body(prompt, { confirmDuplicate: true }), 'req-4');
    expect(confirmed.outcome).toBe('created');
    expect(confirmed.session.sessionId).not.toBe(first.session.sessionId);
    expect(world.calls(/^POST .*\/sessions$/)).toHaveLength(3);
  });

  it('lets only one of two simultaneous identical submissions through', async () => {
    const bob = person('bob');
    const prompt = uniquePrompt('Rotate the webhook secret');
    const results = await Promise.allSettled([
      startSession(bob, orgId('payments'), body(prompt), 'req-a'),
      startSession(bob, orgId('payments'), body(prompt), 'req-b'),
    ]);
    expect(world.calls(/^POST .*\/sessions$/)).toHaveLength(1);
    expect(results.filter((r) => r.status === 'fulfilled' && r.value.outcome === 'created')).toHaveLength(1);
    const other = results.find((r) => !(r.status === 'fulfilled' && r.value.outcome === 'created'))!;
    if (other.status === 'rejected') expect(other.reason).toMatchObject({ code: 'conflict' });
    else expect(other.value.outcome).toBe('duplicate');
  });

  it('frees the prompt again when Devin fails, and records the failure', async () => {
    const bob = person('bob');
    const prompt = uniquePrompt('Bump dependencies');
    world.emulator.failNext({ match: `POST /v3/organizations/${orgId('payments')}/sessions`, status: 503 });
    await expect(startSession(bob, orgId('payments'), body(prompt), 'req-fail')).rejects.toMatchObject({ status: 503 });
    const failed = await listTrail({ actorSub: bob.id, action: 'session.create' });
    expect(failed.items.find((e) => e.requestId === 'req-fail')).toMatchObject({ outcome: 'error', errorCode: 'upstream_error' });

    const retried = await startSession(bob, orgId('payments'), body(prompt), 'req-retry');
    expect(retried.outcome).toBe('created');
  });

  it('answers not_found for an org the person is not in, and writes nothing', async () => {
    await expect(startSession(person('carol'), orgId('payments'), body(uniquePrompt()), 'req-x')).rejects.toMatchObject({ code: 'not_found' });
    await expect(startSession(person('dave'), orgId('data'), body(uniquePrompt()), 'req-y')).rejects.toMatchObject({ code: 'not_found' });
    expect(world.calls(/^POST /)).toEqual([]);
  });

  it("refuses an ACU limit above the org's per-session cap, naming the cap, and writes nothing", async () => {
    // The data org allows 30 ACU per session (demo/directory.ts).
    const refused = startSession(person('carol'), orgId('data'), body(uniquePrompt(), { maxAcuLimit: 31 }), 'req-cap');
    await expect(refused).rejects.toMatchObject({ code: 'unprocessable_entity', field: 'maxAcuLimit' });
    await expect(refused).rejects.toThrow('must be at most 30, the per-session cap of Équipe de Science des Données');
    expect(world.calls(/^POST /)).toEqual([]);
    const atCap = await startSession(person('carol'), orgId('data'), body(uniquePrompt(), { maxAcuLimit: 30 }), 'req-cap-ok');
    expect(atCap.outcome).toBe('created');
  });

  it("starts it as the service user, and says why, for an admin who is not a member of the org", async () => {
    const alice = person('alice', 'admin');
    const result = await startSession(alice, orgId('payments'), body(uniquePrompt()), 'req-admin');
    expect(result).toMatchObject({ outcome: 'created', startedAs: 'service-user', reason: 'not-a-member', session: { owner: 'service-user' } });
    const wire = await world.devinGet<WireSession>(`/v3/organizations/${orgId('payments')}/sessions/${result.session.sessionId}`);
    expect(wire.user_id).toBeNull();
    expect(wire.tags).toContain('requested-by:alice@acme.test');
  });
});

describe('starting a session when the token may not impersonate', () => {
  it('refuses by default, naming the permission, and starts nothing as the service user', async () => {
    await world.pointAt('noImpersonate');
    const carol = person('carol');
    const err = toApiError(await startSession(carol, orgId('data'), body(uniquePrompt('Write the release notes')), 'req-no-fallback').catch((e: unknown) => e));
    expect(err).toMatchObject({ code: 'upstream_error', missingPermission: 'ImpersonateOrgSessions', message: expect.stringMatching(/SESSIONS_SERVICE_USER_FALLBACK/) });
    // One attempt as carol, refused; no second call as the service user.
    expect(world.calls(/^POST .*\/sessions$/)).toHaveLength(1);
    const events = (await listTrail({ actorSub: carol.id, action: 'session.create' })).items.filter((e) => e.requestId === 'req-no-fallback');
    expect(events.map((e) => e.outcome)).toEqual(['error']);
  });

  it('falls back to the service user when configured, tells the person, and records both attempts', async () => {
    await world.pointAt('noImpersonate', { SESSIONS_SERVICE_USER_FALLBACK: 'true' });
    const carol = person('carol');
    const result = await startSession(carol, orgId('data'), body(uniquePrompt('Write the release notes')), 'req-fallback');
    expect(result).toMatchObject({ outcome: 'created', startedAs: 'service-user', reason: 'impersonation-not-permitted' });

    const wire = await world.devinGet<WireSession>(`/v3/organizations/${orgId('data')}/sessions/${result.session.sessionId}`);
    expect(wire.user_id).toBeNull();
    expect(wire.tags).toContain('requested-by:carol@acme.test');

    const events = (await listTrail({ actorSub: carol.id, action: 'session.create' })).items.filter((e) => e.requestId === 'req-fallback');
    expect(events.map((e) => e.outcome).sort()).toEqual(['error', 'ok']);
    expect(events.find((e) => e.outcome === 'ok')).toMatchObject({
      targetIds: { sessionId: result.session.sessionId },
      input: { startedAs: 'service-user', fallbackReason: 'impersonation-not-permitted' },
    });
  });

  it('never lets a role without session rights start one, fallback or not', async () => {
    await world.devinPost(`/v3/enterprise/organizations/${orgId('security')}/members/users/${devinUserId('dave')}`, { role_id: 'role-org-viewer' });
    for (const [token, settings] of [['admin', {}], ['noImpersonate', { SESSIONS_SERVICE_USER_FALLBACK: 'true' }]] as const) {
      await world.pointAt(token, settings);
      world.emulator.clearRequests();
      const err = toApiError(await startSession(person('dave'), orgId('security'), body(uniquePrompt()), 'req-viewer').catch((e: unknown) => e));
      expect(err).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/may not start Devin sessions|run Devin sessions/) });
      expect(world.calls(/^POST /)).toEqual([]);
    }
  });
});

describe('the cap on session starts', () => {
  it('lets one person start only SESSION_STARTS_PER_MINUTE sessions a minute, with a 429 naming the limit', async () => {
    await world.pointAt('admin', { SESSION_STARTS_PER_MINUTE: '3' });
    const erin = person('amara.sato');
    const org = (await world.devinGet<{ items: { role_assignments: { org_id: string | null }[] }[] }>(`/v3/enterprise/members/users?email=${encodeURIComponent(erin.email)}`))
      .items[0]!.role_assignments.find((a) => a.org_id)!.org_id!;
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push(await startSession(erin, org, body(uniquePrompt()), `req-cap-${i}`).then(() => 'ok', (e: unknown) => toApiError(e)));
    expect(outcomes.slice(0, 3)).toEqual(['ok', 'ok', 'ok']);
    expect(outcomes[3]).toMatchObject({ code: 'rate_limited', limit: 'session starts per person', retryAfterSeconds: expect.any(Number) });
    expect((outcomes[3] as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(world.calls(/^POST .*\/sessions$/)).toHaveLength(3);
    // Someone else is not held back by it.
    await expect(startSession(person('carol'), orgId('data'), body(uniquePrompt()), 'req-cap-other')).resolves.toMatchObject({ outcome: 'created' });
  });
});

describe('telling the person what went wrong', () => {
  it('names the permission the portal\'s service user is missing', async () => {
    await world.pointAt('reader');
    const err = toApiError(await startSession(person('carol'), orgId('data'), body(uniquePrompt()), 'req-perm').catch((e: unknown) => e));
    expect(err).toMatchObject({ code: 'upstream_error', missingPermission: 'ManageAccountMembership' });
    expect(errorText(err)).toMatch(/lacks the ManageAccountMembership permission/);
    expect(world.calls(/^POST /)).toEqual([]);
  });

  it('passes on how long to wait when Devin rate limits a start, without retrying the write', async () => {
    world.emulator.failNext({ match: `POST /v3/organizations/${orgId('data')}/sessions`, status: 429, retryAfterSeconds: 7 });
    const err = toApiError(await startSession(person('carol'), orgId('data'), body(uniquePrompt()), 'req-429').catch((e: unknown) => e));
    expect(err).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 7 });
    expect(errorText(err)).toBe('Devin is rate limiting; try again in 7 s.');
    expect(world.calls(/^POST .*\/sessions$/)).toHaveLength(1);
  });

  it('says Devin is unreachable when it is down', async () => {
    const down = await startWorld();
    await down.close();
    try {
      const err = toApiError(await startSession(person('carol'), orgId('data'), body(uniquePrompt()), 'req-down').catch((e: unknown) => e));
      expect(err).toMatchObject({ code: 'upstream_error' });
      expect(errorText(err)).toMatch(/not reachable/);
    } finally {
      await world.pointAt('admin');
    }
  });
});
