import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetOrgAccess } from '@/lib/access/org-access';
import { resolveAccess } from '@/lib/access/resolve';
import { toApiError } from '@/lib/api/errors';
import { startSession } from '@/lib/sessions/start';
import { setPortalEnv } from '../../helpers/portal-env';
import { startRewritingProxy, type RewritingProxy } from '../../helpers/rewriting-proxy';
import { orgId, person, startWorld, uniquePrompt, type World } from '../sessions/world';

let world: World;
let proxy: RewritingProxy;

beforeAll(async () => {
  world = await startWorld();
  proxy = await startRewritingProxy(world.emulator.url);
});
afterAll(async () => {
  await proxy?.close();
  await world?.close();
});

const bob = person('bob');
const alice = person('alice', 'admin');
const fail = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => toApiError(e));

describe('resolveAccess: the relation to the resources in a path', () => {
  it('checks that a session really belongs to the org in the path, whatever upstream answers', async () => {
    const started = await startSession(bob, orgId('payments'), { prompt: uniquePrompt(), tags: [], confirmDuplicate: false }, 'req-resolve');
    const sessionId = started.session.sessionId;
    expect((await resolveAccess(bob, 'session-viewer', { orgId: orgId('payments'), sessionId })).session?.session.sessionId).toBe(sessionId);

    // An upstream that answered for a session of another org (a bug, a cache, a mixed-up proxy) must not be trusted.
    proxy.rewrite(new RegExp(`^GET /v3/organizations/[^/]+/sessions/${sessionId}$`), (body) => ({ ...body, org_id: orgId('mobile') }));
    setPortalEnv({ url: proxy.url, token: world.emulator.tokens.admin }, { DATABASE_URL: process.env.DATABASE_URL! });
    await forgetOrgAccess();
    try {
      expect(await fail(resolveAccess(bob, 'session-viewer', { orgId: orgId('payments'), sessionId }))).toMatchObject({ code: 'not_found' });
      expect(await fail(resolveAccess(alice, 'session-steerer', { orgId: orgId('payments'), sessionId }))).toMatchObject({ code: 'not_found' });
    } finally {
      proxy.clear();
      await world.pointAt('admin');
    }
  });

  it('tells not_found (cannot see) from forbidden (can see, may not do)', async () => {
    const carol = person('carol');
    // Bob is an org member (not admin) of Mobile Apps, and not in Data at all.
    expect(await fail(resolveAccess(bob, 'org-member', { orgId: orgId('data') }))).toMatchObject({ code: 'not_found' });
    expect(await fail(resolveAccess(bob, 'org-admin', { orgId: orgId('mobile') }))).toMatchObject({ code: 'forbidden' });
    expect((await resolveAccess(bob, 'org-admin', { orgId: orgId('payments') })).org).toMatchObject({ tier: 'admin', isOrgAdmin: true });
    expect((await resolveAccess(alice, 'org-admin', { orgId: orgId('data') })).org).toMatchObject({ tier: 'admin', membership: null });
    expect(await fail(resolveAccess(carol, 'portal-admin', {}))).toMatchObject({ code: 'forbidden' });
  });

  it("lets a member steer only a session they started, and an org admin anyone's", async () => {
    const mine = await startSession(bob, orgId('mobile'), { prompt: uniquePrompt(), tags: [], confirmDuplicate: false }, 'req-own');
    const someoneElses = await startSession(alice, orgId('mobile'), { prompt: uniquePrompt(), tags: [], confirmDuplicate: false }, 'req-other');
    const ids = (sessionId: string) => ({ orgId: orgId('mobile'), sessionId });
    expect((await resolveAccess(bob, 'session-steerer', ids(mine.session.sessionId))).session?.canSteer).toBe(true);
    expect(await fail(resolveAccess(bob, 'session-steerer', ids(someoneElses.session.sessionId)))).toMatchObject({ code: 'forbidden' });
    expect((await resolveAccess(bob, 'session-viewer', ids(someoneElses.session.sessionId))).session?.canSteer).toBe(false);
  });
});
