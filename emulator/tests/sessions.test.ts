import { describe, expect, it } from 'vitest';
import { DEMO_ORGS, DEMO_PEOPLE } from '../../demo/directory';
import { demoOrgId, demoUserId, ROLE_IDS, seededServiceUserId } from '../index';
import { messageSchema, pageOf, sessionSchema, tagsSchema } from './contract-schemas';
import { expectOk, expectProblem, T0, setUpEmulator, walk } from './harness';

const TIMELINE = { claimedAfterMs: 1_000, runningAfterMs: 3_000, exitAfterMs: 13_000 };
const h = setUpEmulator({ sessionTimeline: TIMELINE });
const payments = demoOrgId('payments');
const base = `/v3/organizations/${payments}/sessions`;

async function create(body: Record<string, unknown>, as?: string) {
  return expectOk(await h.call('POST', base, { body, as }), sessionSchema);
}
async function get(id: string) {
  return expectOk(await h.call('GET', `${base}/${id}`), sessionSchema);
}
async function messages(id: string) {
  return expectOk(await h.call('GET', `${base}/${id}/messages`), pageOf(messageSchema)).items;
}

describe('creating sessions', () => {
  it('returns the new session: status new, attributed to the caller, origin api, with its web URL', async () => {
    const s = await create({ prompt: 'Fix the flaky test\nin the ledger job', tags: ['ci', 'ci', 'flaky'] });
    expect(s).toMatchObject({
      status: 'new',
      org_id: payments,
      user_id: null,
      service_user_id: seededServiceUserId('portal'),
      origin: 'api',
      title: 'Fix the flaky test',
      tags: ['ci', 'flaky'],
      acus_consumed: 0,
      is_archived: false,
      pull_requests: [],
      url: `https://app.devin.ai/sessions/${s.session_id}`,
    });
    expect(await get(s.session_id)).toEqual(s);
  });

  it('attributes the session to the person named in create_as_user_id', async () => {
    const s = await create({ prompt: 'As Bob', create_as_user_id: demoUserId('bob') });
    expect(s).toMatchObject({ user_id: demoUserId('bob'), service_user_id: seededServiceUserId('portal') });
  });

  it('accepts people who are members only through an IdP group', async () => {
    const viaGroup = DEMO_PEOPLE.find((p) => p.orgs.some((o) => o.org === 'growth'))!;
    const reply = await h.call('POST', `/v3/organizations/${demoOrgId('growth')}/sessions`, {
      body: { prompt: 'hi', create_as_user_id: demoUserId(viaGroup.key) },
    });
    expect(expectOk(reply, sessionSchema).user_id).toBe(demoUserId(viaGroup.key));
  });

  it('needs ImpersonateOrgSessions for create_as_user_id', async () => {
    const problem = expectProblem(
      await h.call('POST', base, { as: 'noImpersonate', body: { prompt: 'x', create_as_user_id: demoUserId('bob') } }),
      403,
    );
    expect(problem.detail).toBe('Missing permission: ImpersonateOrgSessions');
    expect((await h.call('POST', base, { as: 'noImpersonate', body: { prompt: 'x' } })).status).toBe(200);
  });

  it('refuses a target who is not in the org, or who may not use Devin there, with 422', async () => {
    const outsider = expectProblem(await h.call('POST', base, { body: { prompt: 'x', create_as_user_id: demoUserId('carol') } }), 422);
    expect(outsider.detail).toMatch(/not a member of organization/);
    expect(outsider.errors?.[0]?.loc).toEqual(['body', 'create_as_user_id']);
    expectProblem(await h.call('POST', base, { body: { prompt: 'x', create_as_user_id: 'user-nobody' } }), 422);

    await h.call('POST', `/v3/enterprise/organizations/${payments}/members/users/${demoUserId('dave')}`, { body: { role_id: ROLE_IDS.orgViewer } });
    const viewer = expectProblem(await h.call('POST', base, { body: { prompt: 'x', create_as_user_id: demoUserId('dave') } }), 422);
    expect(viewer.detail).toMatch(/UseDevinSessions/);
  });

  it('validates the body: prompt required, at most 50 tags, known platform', async () => {
    expect(expectProblem(await h.call('POST', base, { body: { title: 'no prompt' } }), 422).errors?.[0]?.loc).toEqual(['body', 'prompt']);
    const tags = Array.from({ length: 51 }, (_, i) => `t${i}`);
    expectProblem(await h.call('POST', base, { body: { prompt: 'x', tags } }), 422);
    expect(expectProblem(await h.call('POST', base, { body: { prompt: 'x', platform: 'amiga' } }), 400).detail).toMatch(/windows/);
  });

  it('needs ManageOrgSessions, and 404s an unknown org', async () => {
    expect(expectProblem(await h.call('POST', base, { as: 'reader', body: { prompt: 'x' } }), 403).detail).toBe(
      'Missing permission: ManageOrgSessions',
    );
    expectProblem(await h.call('POST', '/v3/organizations/org-000000000000/sessions', { body: { prompt: 'x' } }), 404);
  });
});

describe('lifecycle (driven by the clock)', () => {
  it('walks new → claimed → running → exit, consuming ACUs only while running', async () => {
    const start = h.clock.now;
    const s = await create({ prompt: 'Add retries to the notifier' });
    const at = async (offsetMs: number) => {
      h.clock.now = start + offsetMs;
      return get(s.session_id);
    };
    expect(await at(999)).toMatchObject({ status: 'new', acus_consumed: 0 });
    expect(await at(1_000)).toMatchObject({ status: 'claimed', status_detail: null });
    expect(await at(3_000)).toMatchObject({ status: 'running', status_detail: 'working', acus_consumed: 0 });
    const midway = await at(8_000);
    expect(midway.acus_consumed).toBeGreaterThan(0);
    const done = await at(13_000);
    expect(done).toMatchObject({ status: 'exit', status_detail: 'finished' });
    expect(done.acus_consumed).toBeCloseTo(midway.acus_consumed * 2, 2);
    expect(done.updated_at).toBe(Math.floor((start + 13_000) / 1000));
    expect((await at(60_000)).acus_consumed).toBe(done.acus_consumed);
  });

  it('shows Devin’s replies as they come due, in chronological order', async () => {
    const start = h.clock.now;
    const s = await create({ prompt: 'Document the rollout' });
    expect((await messages(s.session_id)).map((m) => m.source)).toEqual(['user']);
    h.clock.now = start + 3_000;
    const running = await messages(s.session_id);
    expect(running.map((m) => m.source)).toEqual(['user', 'devin']);
    expect(running[0]!.message).toBe('Document the rollout');
    h.clock.now = start + 13_000;
    const done = await messages(s.session_id);
    expect(done).toHaveLength(3);
    expect(done.map((m) => m.created_at)).toEqual([...done.map((m) => m.created_at)].sort((a, b) => a - b));
  });

  it('caps ACUs at max_acu_limit', async () => {
    const s = await create({ prompt: 'Big job', max_acu_limit: 1 });
    h.clock.now += TIMELINE.exitAfterMs;
    expect((await get(s.session_id)).acus_consumed).toBe(1);
  });

  it('goes suspended for #suspend, and a message resumes it', async () => {
    const start = h.clock.now;
    const s = await create({ prompt: 'Think about it #suspend' });
    h.clock.now = start + 13_000;
    expect(await get(s.session_id)).toMatchObject({ status: 'suspended', status_detail: 'inactivity' });
    const acusBefore = (await get(s.session_id)).acus_consumed;

    const resumed = expectOk(await h.call('POST', `${base}/${s.session_id}/messages`, { body: { message: 'Carry on please' } }), sessionSchema);
    expect(resumed.status).toBe('resuming');
    h.clock.now = start + 14_000;
    expect((await get(s.session_id)).status).toBe('running');
    h.clock.now = start + 30_000;
    const finished = await get(s.session_id);
    expect(finished).toMatchObject({ status: 'exit', status_detail: 'finished' });
    expect(finished.acus_consumed).toBeGreaterThan(acusBefore);
    const texts = (await messages(s.session_id)).map((m) => `${m.source}:${m.message}`);
    expect(texts).toContain('user:Carry on please');
    expect(texts.filter((t) => t.startsWith('devin:')).length).toBe(4);
  });

  it('goes error for #error, after which writes are refused with 409', async () => {
    const s = await create({ prompt: 'Break things #error' });
    h.clock.now += 13_000;
    expect((await get(s.session_id)).status).toBe('error');
    expectProblem(await h.call('POST', `${base}/${s.session_id}/messages`, { body: { message: 'hello?' } }), 409);
  });

  it('sends a message as a member of the org only with ImpersonateOrgSessions', async () => {
    const s = await create({ prompt: 'Team task' });
    const path = `${base}/${s.session_id}/messages`;
    const body = { message: 'from Bob', message_as_user_id: demoUserId('bob') };
    expect(expectProblem(await h.call('POST', path, { as: 'noImpersonate', body }), 403).detail).toBe('Missing permission: ImpersonateOrgSessions');
    expectProblem(await h.call('POST', path, { body: { ...body, message_as_user_id: demoUserId('carol') } }), 422);
    expectOk(await h.call('POST', path, { body }), sessionSchema);
    expect((await messages(s.session_id)).map((m) => m.message)).toContain('from Bob');
  });

  it('acknowledges a message to a working session without changing its course', async () => {
    const start = h.clock.now;
    const s = await create({ prompt: 'Long task' });
    h.clock.now = start + 4_000;
    expect(expectOk(await h.call('POST', `${base}/${s.session_id}/messages`, { body: { message: 'Also update the docs' } }), sessionSchema).status).toBe(
      'running',
    );
    h.clock.now = start + 5_000;
    expect((await messages(s.session_id)).at(-1)).toMatchObject({ source: 'devin', message: "Got it, I'll take that into account." });
    h.clock.now = start + 13_000;
    expect((await get(s.session_id)).status).toBe('exit');
  });
});

describe('terminate and archive', () => {
  it('terminates for good: exit, ACUs frozen, further writes 409', async () => {
    const s = await create({ prompt: 'Stop me' });
    h.clock.now += 5_000;
    const terminated = expectOk(await h.call('DELETE', `${base}/${s.session_id}`), sessionSchema);
    expect(terminated).toMatchObject({ status: 'exit', status_detail: null, is_archived: false });
    h.clock.now += 20_000;
    expect((await get(s.session_id)).acus_consumed).toBe(terminated.acus_consumed);
    expectProblem(await h.call('DELETE', `${base}/${s.session_id}`), 409);
    expectProblem(await h.call('POST', `${base}/${s.session_id}/messages`, { body: { message: 'wake up' } }), 409);
    expectProblem(await h.call('POST', `${base}/${s.session_id}/tags`, { body: { tags: ['late'] } }), 409);
    // Archiving is what keeps an ended session for reference, so it is still allowed.
    expect(expectOk(await h.call('POST', `${base}/${s.session_id}/archive`), sessionSchema).is_archived).toBe(true);
  });

  it('terminates and archives in one call with ?archive=true', async () => {
    const s = await create({ prompt: 'Stop and keep' });
    expect(expectOk(await h.call('DELETE', `${base}/${s.session_id}?archive=true`), sessionSchema)).toMatchObject({
      status: 'exit',
      is_archived: true,
    });
    expectProblem(await h.call('DELETE', `${base}/${s.session_id}?archive=perhaps`), 422);
  });

  it('archive puts a working Devin to sleep; the session is then read-only', async () => {
    const s = await create({ prompt: 'Archive me' });
    h.clock.now += 4_000;
    const archived = expectOk(await h.call('POST', `${base}/${s.session_id}/archive`), sessionSchema);
    expect(archived).toMatchObject({ status: 'suspended', status_detail: 'user_request', is_archived: true });
    expectProblem(await h.call('POST', `${base}/${s.session_id}/archive`), 409);
    expectProblem(await h.call('POST', `${base}/${s.session_id}/messages`, { body: { message: 'resume' } }), 409);
    expectProblem(await h.call('PUT', `${base}/${s.session_id}/tags`, { body: { tags: [] } }), 409);
  });

  it('404s a session of another org, and needs ManageOrgSessions', async () => {
    const s = await create({ prompt: 'Mine' });
    expectProblem(await h.call('DELETE', `/v3/organizations/${demoOrgId('data')}/sessions/${s.session_id}`), 404);
    expectProblem(await h.call('GET', `/v3/organizations/${demoOrgId('data')}/sessions/${s.session_id}/messages`), 404);
    expect(expectProblem(await h.call('POST', `${base}/${s.session_id}/archive`, { as: 'reader' }), 403).detail).toBe(
      'Missing permission: ManageOrgSessions',
    );
  });
});

describe('tags', () => {
  it('POST merges and de-duplicates, PUT replaces, GET reads', async () => {
    const s = await create({ prompt: 'Tag me', tags: ['a', 'b'] });
    const tags = `${base}/${s.session_id}/tags`;
    expect(expectOk(await h.call('POST', tags, { body: { tags: ['b', 'c', 'c'] } }), tagsSchema).tags).toEqual(['a', 'b', 'c']);
    expect(expectOk(await h.call('PUT', tags, { body: { tags: ['z'] } }), tagsSchema).tags).toEqual(['z']);
    expect(expectOk(await h.call('GET', tags), tagsSchema).tags).toEqual(['z']);
    expect((await get(s.session_id)).tags).toEqual(['z']);
  });

  it('caps tags at 50: 51 in a request, or a merge past 50, is a 422', async () => {
    const s = await create({ prompt: 'Many tags' });
    const tags = `${base}/${s.session_id}/tags`;
    const fifty = Array.from({ length: 50 }, (_, i) => `t${i}`);
    expectOk(await h.call('PUT', tags, { body: { tags: fifty } }), tagsSchema);
    expectProblem(await h.call('PUT', tags, { body: { tags: [...fifty, 'one-more'] } }), 422);
    expect(expectProblem(await h.call('POST', tags, { body: { tags: ['one-more'] } }), 422).detail).toMatch(/at most 50/);
    expect(expectOk(await h.call('POST', tags, { body: { tags: ['t0'] } }), tagsSchema).tags).toHaveLength(50);
  });
});

describe('listing sessions', () => {
  it('lists newest first, with every documented filter', async () => {
    h.clock.now += 10_000;
    const t = Math.floor(h.clock.now / 1000);
    const mine = await create({ prompt: 'Filter target', tags: ['filter-me', 'x'], playbook_id: 'playbook-test', create_as_user_id: demoUserId('bob') });
    h.clock.now += 1_000;
    const other = await create({ prompt: 'Other', tags: ['filter-me'] });
    const list = async (query: string) =>
      expectOk(await h.call('GET', `${base}?${query}`), pageOf(sessionSchema)).items.map((s) => s.session_id);

    expect(await list('first=2')).toEqual([other.session_id, mine.session_id]);
    expect(await list('tags=filter-me')).toEqual([other.session_id, mine.session_id]);
    expect(await list('tags=filter-me&tags=x')).toEqual([mine.session_id]);
    expect(await list(`user_ids=${demoUserId('bob')}&created_after=${t}`)).toEqual([mine.session_id]);
    expect(await list(`session_ids=${mine.session_id}&session_ids=${other.session_id}`)).toHaveLength(2);
    expect(await list(`service_user_ids=${seededServiceUserId('portal')}&created_after=${t}`)).toEqual([other.session_id, mine.session_id]);
    expect(await list('playbook_id=playbook-test')).toEqual([mine.session_id]);
    expect(await list(`created_before=${t}&tags=filter-me`)).toEqual([]);
    expect(await list(`updated_after=${t}&origins=api&tags=filter-me`)).toHaveLength(2);
    expect(await list('origins=webapp&tags=filter-me')).toEqual([]);
    expect(await list('is_archived=true&tags=filter-me')).toEqual([]);
    expect(await list('is_archived=false&tags=filter-me')).toHaveLength(2);
    expectProblem(await h.call('GET', `${base}?origins=carrier-pigeon`), 422);
    expectProblem(await h.call('GET', `${base}?created_after=yesterday`), 422);
  });

  it('needs ViewOrgSessions', async () => {
    expect(expectProblem(await h.call('GET', base, { as: 'reader' }), 403).detail).toBe('Missing permission: ViewOrgSessions');
  });

  it('is seeded with about 80 sessions across statuses, some archived, some with pull requests', async () => {
    const seeded = [];
    for (const org of DEMO_ORGS) {
      const path = `/v3/organizations/${demoOrgId(org.key)}/sessions?created_before=${T0 / 1000}`;
      seeded.push(...(await walk(h, path, sessionSchema, 25)).items);
    }
    expect(seeded).toHaveLength(80);
    const statuses = new Set(seeded.map((s) => s.status));
    for (const status of ['exit', 'running', 'suspended', 'error']) expect(statuses).toContain(status);
    expect(seeded.some((s) => s.is_archived)).toBe(true);
    expect(seeded.some((s) => s.pull_requests.length > 0)).toBe(true);
    expect(seeded.some((s) => s.tags.length > 0)).toBe(true);
    const sixWeeksAgo = T0 / 1000 - 43 * 86_400;
    expect(seeded.every((s) => s.created_at > sixWeeksAgo)).toBe(true);
  });
});
