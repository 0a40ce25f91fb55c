import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toApiError } from '@/lib/api/errors';
import { errorText } from '@/lib/sessions/error-text';
import { listSessions } from '@/lib/sessions/list';
import { followMessages } from '@/lib/sessions/messages-tail';
import { nextPollDelay, pollSignature, POLL_FASTEST_MS, POLL_SLOWEST_MS } from '@/lib/sessions/polling';
import { listSessionsQuerySchema, type SessionDto } from '@/lib/sessions/schemas';
import { resolveAccess } from '@/lib/access/resolve';
import type { PortalUser } from '@/lib/auth/types';
import * as S from '@/lib/sessions/session';
import { startSession } from '@/lib/sessions/start';
import { listTrail } from '@/lib/trail';
import { orgId, person, startWorld, TIMELINE, uniquePrompt, type World } from './world';

let world: World;
const bob = person('bob');
const carol = person('carol');

beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.close();
});
beforeEach(() => world.emulator.clearRequests());

async function start(user = bob, org = orgId('payments'), prompt = uniquePrompt(), tags: string[] = []) {
  const result = await startSession(user, org, { prompt, tags, confirmDuplicate: false }, 'req-test');
  if (result.outcome !== 'created') throw new Error('expected a new session');
  return result.session;
}

const query = (q: Record<string, string> = {}) => listSessionsQuerySchema.parse(q);

// Each call goes through the same resolution the routes' wrapper runs (session-viewer / session-steerer).
const view = (u: PortalUser, o: string, s: string) => resolveAccess(u, 'session-viewer', { orgId: o, sessionId: s });
const steer = (u: PortalUser, o: string, s: string) => resolveAccess(u, 'session-steerer', { orgId: o, sessionId: s });
const getSessionDetail = async (u: PortalUser, o: string, s: string) => S.getSessionDetail(await view(u, o, s));
const readSessionMessages = async (u: PortalUser, o: string, s: string) => S.readSessionMessages(await view(u, o, s));
const listSessionMessages = async (u: PortalUser, o: string, s: string, page: { first: number; after?: string | null }) =>
  S.listSessionMessages(await view(u, o, s), page);
const sendSessionMessage = async (u: PortalUser, o: string, s: string, message: string, requestId: string) =>
  S.sendSessionMessage(u, await steer(u, o, s), message, requestId);
const setSessionTags = async (u: PortalUser, o: string, s: string, change: { mode: 'add' | 'replace'; tags: string[] }, requestId: string) =>
  S.setSessionTags(u, await steer(u, o, s), change, requestId);
const terminateSession = async (u: PortalUser, o: string, s: string, archive: boolean, requestId: string) =>
  S.terminateSession(u, await steer(u, o, s), archive, requestId);
const archiveSession = async (u: PortalUser, o: string, s: string, requestId: string) => S.archiveSession(u, await steer(u, o, s), requestId);

describe('following a session live', () => {
  it('polls with growing waits while nothing changes, and stops once the session has ended', async () => {
    const session = await start();
    const seen: string[] = [session.status];
    const delays: number[] = [];
    let current: SessionDto = session;
    let signature = pollSignature(current);
    let quietPolls = 0;
    for (let polls = 0; polls < 100; polls++) {
      const delay = nextPollDelay(current, quietPolls);
      if (delay === 0) break;
      delays.push(delay);
      world.advance(delay);
      current = await getSessionDetail(bob, session.orgId, session.sessionId);
      if (seen.at(-1) !== current.status) seen.push(current.status);
      quietPolls = pollSignature(current) === signature ? quietPolls + 1 : 0;
      signature = pollSignature(current);
    }
    expect(seen).toEqual(['new', 'claimed', 'running', 'exit']);
    expect(nextPollDelay(current, 0)).toBe(0);
    expect(delays[0]).toBe(POLL_FASTEST_MS);
    expect(Math.max(...delays)).toBeLessThanOrEqual(POLL_SLOWEST_MS);
    // While Devin worked unchanged for 40 s the waits grew rather than hammering it every 2 s.
    expect(delays.length).toBeLessThan(TIMELINE.exitAfterMs / POLL_FASTEST_MS);
    expect(delays.some((d) => d > POLL_FASTEST_MS * 2)).toBe(true);
  });

  it('reads the conversation in order, and picks up new messages by re-reading only the last page', async () => {
    const prompt = uniquePrompt('Add retries to the payout job');
    const session = await start(bob, orgId('payments'), prompt);
    world.advance(TIMELINE.runningAfterMs);
    const first = await readSessionMessages(bob, session.orgId, session.sessionId);
    expect(first.items.map((m) => m.source)).toEqual(['user', 'devin']);
    expect(first.items[0]!.message).toBe(prompt);

    const sent = await sendSessionMessage(bob, session.orgId, session.sessionId, 'Please also add a test.', 'req-msg');
    expect(sent.sentAs).toBe('you');
    world.advance(TIMELINE.claimedAfterMs);

    // Small pages, so following has to walk cursors and keep a partial last page.
    const page = (after: string | null) => listSessionMessages(bob, session.orgId, session.sessionId, { first: 2, after });
    const snapshot = await followMessages(page);
    expect(snapshot.items.map((m) => m.message)).toEqual([prompt, expect.stringContaining('On it'), 'Please also add a test.', "Got it, I'll take that into account."]);
    const times = snapshot.items.map((m) => m.createdAt);
    expect(times).toEqual([...times].sort((a, b) => a - b));

    world.advance(TIMELINE.exitAfterMs);
    world.emulator.clearRequests();
    const later = await followMessages(page, snapshot);
    expect(later.items.slice(0, 4)).toEqual(snapshot.items);
    expect(later.items.at(-1)!.message).toMatch(/^Done/);
    expect(new Set(later.items.map((m) => m.eventId)).size).toBe(later.items.length);
    // The first page is never read again: only the last page (now full) and the new one after it.
    expect(world.calls(/messages$/).length).toBe(2);
  });

  it('resumes a suspended session when the person sends a message', async () => {
    const session = await start(bob, orgId('payments'), uniquePrompt('Investigate the slow query #suspend'));
    world.advance(TIMELINE.exitAfterMs + 1_000);
    expect((await getSessionDetail(bob, session.orgId, session.sessionId)).status).toBe('suspended');
    const { session: woken } = await sendSessionMessage(bob, session.orgId, session.sessionId, 'Wake up, please continue.', 'req-wake');
    world.advance(TIMELINE.claimedAfterMs + 10);
    const after = await getSessionDetail(bob, session.orgId, session.sessionId);
    expect(['resuming', 'running']).toContain(after.status);
    expect(woken.sessionId).toBe(session.sessionId);
  });
});

describe('when Devin rate limits reads', () => {
  it('retries a rate-limited read by itself', async () => {
    const session = await start();
    world.emulator.failNext({ match: `GET /v3/organizations/${session.orgId}/sessions/${session.sessionId}`, status: 429, retryAfterSeconds: 0 });
    expect((await getSessionDetail(bob, session.orgId, session.sessionId)).sessionId).toBe(session.sessionId);
    expect(world.calls(new RegExp(`GET .*${session.sessionId}$`))).toHaveLength(2);
  });

  it('gives up after its retries and says when to try again', async () => {
    const session = await start();
    world.emulator.failNext({ match: `GET /v3/organizations/${session.orgId}/sessions/${session.sessionId}`, status: 429, retryAfterSeconds: 1, times: 10 });
    const err = toApiError(await getSessionDetail(bob, session.orgId, session.sessionId).catch((e: unknown) => e));
    expect(err).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 1 });
    expect(errorText(err)).toBe('Devin is rate limiting; try again in 1 s.');
  });
});

describe('steering a session', () => {
  it('adds and replaces tags', async () => {
    const session = await start(bob, orgId('payments'), uniquePrompt(), ['first']);
    expect(await setSessionTags(bob, session.orgId, session.sessionId, { mode: 'add', tags: ['second', 'first'] }, 'req-tags')).toEqual({
      tags: ['first', 'team:payments', 'second'],
    });
    expect(await setSessionTags(bob, session.orgId, session.sessionId, { mode: 'replace', tags: ['only'] }, 'req-tags2')).toEqual({ tags: ['only'] });
    expect((await getSessionDetail(bob, session.orgId, session.sessionId)).tags).toEqual(['only']);
  });

  it('terminates for good, records it, and refuses messages afterwards', async () => {
    const session = await start();
    const ended = await terminateSession(bob, session.orgId, session.sessionId, false, 'req-term');
    expect(ended).toMatchObject({ status: 'exit', isArchived: false });
    expect((await listTrail({ actorSub: bob.id, action: 'session.terminate' })).items[0]).toMatchObject({
      outcome: 'ok',
      targetIds: { sessionId: session.sessionId },
      input: { archive: false },
    });
    await expect(sendSessionMessage(bob, session.orgId, session.sessionId, 'Hello?', 'req-late')).rejects.toMatchObject({ status: 409 });
  });

  it('archives, after which the session can be read but not changed', async () => {
    const session = await start();
    expect(await archiveSession(bob, session.orgId, session.sessionId, 'req-arch')).toMatchObject({ isArchived: true });
    const detail = await getSessionDetail(bob, session.orgId, session.sessionId);
    expect(detail.isArchived).toBe(true);
    expect(nextPollDelay(detail, 0)).toBe(0);
    await expect(setSessionTags(bob, session.orgId, session.sessionId, { mode: 'add', tags: ['late'] }, 'req-late')).rejects.toMatchObject({ status: 409 });
  });

  it('lets the starter and org admins steer, but not other members', async () => {
    const grace = person('grace.rossi');
    const inPlatform = orgId('platform');
    const session = await start(grace, inPlatform);
    expect((await getSessionDetail(grace, inPlatform, session.sessionId)).canSteer).toBe(true);

    const teammate = person('chloe.yilmaz');
    const view = await getSessionDetail(teammate, inPlatform, session.sessionId);
    expect(view).toMatchObject({ canSteer: false, owner: 'member' });
    await expect(terminateSession(teammate, inPlatform, session.sessionId, false, 'req-no')).rejects.toMatchObject({ code: 'forbidden' });

    const orgAdmin = person('amara.sato');
    expect((await getSessionDetail(orgAdmin, inPlatform, session.sessionId)).canSteer).toBe(true);
    const portalAdmin = person('alice', 'admin');
    expect((await getSessionDetail(portalAdmin, orgId('payments'), (await start()).sessionId)).canSteer).toBe(true);
    await expect(getSessionDetail(carol, inPlatform, session.sessionId)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('knows who asked for a session Devin records as the service user', async () => {
    const alice = person('alice', 'admin');
    const result = await startSession(alice, orgId('security'), { prompt: uniquePrompt(), tags: [], confirmDuplicate: false }, 'req-svc');
    const detail = await getSessionDetail(alice, orgId('security'), result.session.sessionId);
    expect(detail).toMatchObject({ owner: 'service-user', requestedBy: 'Alice Martin', canSteer: true });
  });
});

describe('listing sessions', () => {
  it("lists only the person's own sessions across their orgs with mine", async () => {
    const a = await start(bob, orgId('payments'));
    const b = await start(bob, orgId('mobile'));
    const page = await listSessions(bob, query({ mine: '1', first: '100' }));
    expect(page.items.every((s) => s.owner === 'you')).toBe(true);
    expect(page.items.map((s) => s.sessionId)).toEqual(expect.arrayContaining([a.sessionId, b.sessionId]));
    expect(new Set(page.items.map((s) => s.orgId))).toEqual(new Set([orgId('payments'), orgId('mobile')]));
    expect(page.orgs.map((o) => o.name).sort()).toEqual(['Mobile Apps', 'Payments']);
  });

  it('filters by tag, status and creation date', async () => {
    const tag = `release-${Date.now()}`;
    const tagged = await start(bob, orgId('payments'), uniquePrompt(), [tag]);
    await start(bob, orgId('payments'));
    const byTag = await listSessions(bob, query({ org: orgId('payments'), tag }));
    expect(byTag.items.map((s) => s.sessionId)).toEqual([tagged.sessionId]);

    const failed = await listSessions(bob, query({ org: orgId('payments'), status: 'error', archived: '1' }));
    expect(failed.items.length).toBeGreaterThan(0);
    // Devin cannot filter by status, so it cannot count the filtered list either.
    expect(failed.total).toBeNull();
    expect(byTag.total).toBe(1);
    expect(failed.items.every((s) => s.status === 'error')).toBe(true);

    // The day the session was made on Devin's clock (the emulator's runs ahead of the wall clock in these tests).
    const today = new Date(tagged.createdAt * 1000).toISOString().slice(0, 10);
    const future = await listSessions(bob, query({ org: orgId('payments'), from: '2999-01-01' }));
    expect(future.items).toEqual([]);
    const fromToday = await listSessions(bob, query({ org: orgId('payments'), from: today, to: today, first: '100' }));
    expect(fromToday.items.map((s) => s.sessionId)).toContain(tagged.sessionId);
    expect(fromToday.items.every((s) => s.createdAt >= Date.parse(`${today}T00:00:00Z`) / 1000)).toBe(true);
  });

  it('hides archived sessions unless asked', async () => {
    const session = await start();
    await archiveSession(bob, session.orgId, session.sessionId, 'req-hide');
    const defaults = await listSessions(bob, query({ org: orgId('payments'), first: '100' }));
    expect(defaults.items.some((s) => s.isArchived)).toBe(false);
    const all = await listSessions(bob, query({ org: orgId('payments'), archived: '1', first: '100' }));
    expect(all.items.map((s) => s.sessionId)).toContain(session.sessionId);
  });

  it('pages with cursors across orgs without repeating or losing a session', async () => {
    const everything = await listSessions(bob, query({ archived: '1', first: '100' }));
    expect(everything.hasNextPage).toBe(false);
    const seen: string[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const page = await listSessions(bob, query({ archived: '1', first: '3', ...(after && { after }) }));
      // Every page knows where it starts and, from Devin's totals, how many there are in all.
      expect(page.offset).toBe(seen.length);
      expect(page.total).toBe(everything.items.length);
      seen.push(...page.items.map((s) => s.sessionId));
      if (!page.hasNextPage) break;
      after = page.endCursor!;
    }
    expect(seen.length).toBe(new Set(seen).size);
    expect(new Set(seen)).toEqual(new Set(everything.items.map((s) => s.sessionId)));
    expect(seen.length).toBeGreaterThan(6);
  });

  it('refuses a cursor it did not give out', async () => {
    await expect(listSessions(bob, query({ after: 'bm90LWEtY3Vyc29y' }))).rejects.toMatchObject({ code: 'unprocessable_entity', field: 'after' });
    const forged = Buffer.from(JSON.stringify({ p: [[orgId('data'), null]], n: 0, d: 0 })).toString('base64url');
    await expect(listSessions(bob, query({ after: forged }))).rejects.toMatchObject({ code: 'unprocessable_entity' });
    const oldShape = Buffer.from(JSON.stringify([[orgId('payments'), null]])).toString('base64url');
    await expect(listSessions(bob, query({ after: oldShape }))).rejects.toMatchObject({ code: 'unprocessable_entity', field: 'after' });
  });

  it('lists the other orgs when one of them fails, and says which', async () => {
    world.emulator.failNext({ match: `GET /v3/organizations/${orgId('mobile')}/sessions`, status: 403 });
    const page = await listSessions(bob, query({ archived: '1' }));
    expect(page.failures).toEqual([{ orgId: orgId('mobile'), name: 'Mobile Apps', message: expect.stringMatching(/not allowed|permission/i) }]);
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((s) => s.orgId === orgId('payments'))).toBe(true);
    // With an org missing, no grand total can be right.
    expect(page.total).toBeNull();
  });

  it('shows nothing for mine to someone Devin does not know, and nothing at all outside their orgs', async () => {
    const dave = person('dave');
    expect((await listSessions(dave, query({ mine: '1' }))).items).toEqual([]);
    expect((await listSessions(dave, query())).items).toEqual([]);
    await expect(listSessions(carol, query({ org: orgId('payments') }))).rejects.toMatchObject({ code: 'not_found' });
  });
});
