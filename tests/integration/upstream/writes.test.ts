import { describe, expect, it } from 'vitest';
import { demoOrgId, demoUserId, ROLE_IDS } from '@/emulator';
import { collectAll, UpstreamError, type Session } from '@/lib/upstream';
import { DAY, nowSeconds, rejectionOf, withEmulator } from './harness';

// Sessions stay running long enough to take messages and tags; Devin acknowledges at once.
const h = withEmulator({ sessionTimeline: { claimedAfterMs: 0, runningAfterMs: 0, exitAfterMs: 600_000 } });

const platform = demoOrgId('platform');
const alice = demoUserId('alice');
const dave = demoUserId('dave');

async function expectUpstreamError(promise: Promise<unknown>, status: number, code: string): Promise<UpstreamError> {
  const err = await rejectionOf(promise);
  expect(err).toBeInstanceOf(UpstreamError);
  expect(err).toMatchObject({ status, code });
  return err as UpstreamError;
}

describe('organizations (writes)', () => {
  it('creates, updates and deletes an org', async () => {
    const created = await h.client.organizations.create({ name: 'Upstream Suite Org', maxCycleAcuLimit: 100, maxSessionAcuLimit: null });
    expect(created).toMatchObject({ name: 'Upstream Suite Org', maxCycleAcuLimit: 100, maxSessionAcuLimit: null });
    expect(created.orgId).toMatch(/^org-/);
    await expect(h.client.organizations.get(created.orgId)).resolves.toEqual(created);

    const renamed = await h.client.organizations.update(created.orgId, { name: 'Upstream Suite Org 2', maxCycleAcuLimit: 250 });
    expect(renamed).toMatchObject({ orgId: created.orgId, name: 'Upstream Suite Org 2', maxCycleAcuLimit: 250, maxSessionAcuLimit: null });
    const limited = await h.client.organizations.update(created.orgId, { maxSessionAcuLimit: 12 });
    expect(limited).toMatchObject({ name: 'Upstream Suite Org 2', maxCycleAcuLimit: 250, maxSessionAcuLimit: 12 });

    const deleted = await h.client.organizations.delete(created.orgId);
    expect(deleted.orgId).toBe(created.orgId);
    const gone = await expectUpstreamError(h.client.organizations.get(created.orgId), 404, 'not_found');
    expect(gone.route).toBe('GET /v3/enterprise/organizations/{org_id}');

    const audit = await h.client.auditLogs.list({ action: 'create_org', first: 5 });
    expect(audit.items.some((e) => e.data.org_id === created.orgId)).toBe(true);
  });

  it('adds a user to an org and removes them', async () => {
    const org = await h.client.organizations.create({ name: 'Membership Suite Org' });
    const added = await h.client.members.addOrgUser(org.orgId, dave, ROLE_IDS.orgMember);
    expect(added.roleAssignments).toContainEqual({ orgId: org.orgId, role: expect.objectContaining({ roleId: ROLE_IDS.orgMember }) });
    const members = await collectAll((after) => h.client.members.listOrgUsers(org.orgId, { after }));
    expect(members.map((u) => u.userId)).toEqual([dave]);

    const removed = await h.client.members.removeOrgUser(org.orgId, dave);
    expect(removed.roleAssignments.some((a) => a.orgId === org.orgId)).toBe(false);
    expect((await h.client.members.listOrgUsers(org.orgId)).items).toEqual([]);
  });
});

describe('sessions', () => {
  let session: Session;

  it('creates a session attributed to a person', async () => {
    session = await h.client.sessions.create(platform, {
      prompt: 'Fix the flaky checkout test\nIt fails one run in ten.',
      title: 'Flaky checkout',
      tags: ['ci', 'upstream-suite'],
      maxAcuLimit: 5,
      createAsUserId: alice,
    });
    expect(session).toMatchObject({
      orgId: platform,
      title: 'Flaky checkout',
      tags: ['ci', 'upstream-suite'],
      userId: alice,
      isArchived: false,
      pullRequests: [],
      playbookId: null,
    });
    expect(session.sessionId).toMatch(/^devin-/);
    expect(session.url).toContain(session.sessionId);
    expect(typeof session.createdAt).toBe('number');
    expect(typeof session.acusConsumed).toBe('number');
  });

  it('refuses impersonation without ImpersonateOrgSessions', async () => {
    const client = h.clientFor(h.emulator.tokens.noImpersonate);
    const err = await expectUpstreamError(client.sessions.create(platform, { prompt: 'hi', createAsUserId: alice }), 403, 'forbidden');
    expect(err.missingPermission).toBe('ImpersonateOrgSessions');
  });

  it('lists sessions with filters (repeated array keys, times, archive flag)', async () => {
    const createdAfter = session.createdAt;
    const byTag = await h.client.sessions.list(platform, { tags: ['upstream-suite', 'ci'], userIds: [alice], createdAfter, isArchived: false });
    expect(byTag.items.map((s) => s.sessionId)).toEqual([session.sessionId]);
    const byId = await h.client.sessions.list(platform, { sessionIds: [session.sessionId, 'devin-nope'], origins: ['api'] });
    expect(byId.items.map((s) => s.sessionId)).toEqual([session.sessionId]);
    const none = await h.client.sessions.list(platform, { tags: ['upstream-suite'], createdBefore: session.createdAt - 1 });
    expect(none.items).toEqual([]);
    const recent = await h.client.sessions.list(platform, { updatedAfter: session.createdAt - 1, first: 200 });
    expect(recent.items.map((s) => s.sessionId)).toContain(session.sessionId);
  });

  it('gets a session', async () => {
    await expect(h.client.sessions.get(platform, session.sessionId)).resolves.toMatchObject({ sessionId: session.sessionId, userId: alice });
  });

  it('sends messages and lists them in order', async () => {
    const after = await h.client.sessions.sendMessage(platform, session.sessionId, { message: 'Also check the retry logic.', messageAsUserId: alice });
    expect(after.sessionId).toBe(session.sessionId);
    const messages = await collectAll((cursor) => h.client.sessions.listMessages(platform, session.sessionId, { after: cursor, first: 1 }));
    expect(messages).toContainEqual({ eventId: expect.any(String), createdAt: expect.any(Number), message: expect.stringContaining('Fix the flaky'), source: 'user' });
    expect(messages.map((m) => m.message)).toContain('Also check the retry logic.');
    expect(messages.some((m) => m.source === 'devin')).toBe(true);
    const times = messages.map((m) => m.createdAt);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('merges tags on add and replaces them on replace', async () => {
    expect(await h.client.sessions.getTags(platform, session.sessionId)).toEqual(['ci', 'upstream-suite']);
    expect(await h.client.sessions.addTags(platform, session.sessionId, ['ci', 'extra'])).toEqual(['ci', 'upstream-suite', 'extra']);
    expect(await h.client.sessions.replaceTags(platform, session.sessionId, ['only'])).toEqual(['only']);
    expect(await h.client.sessions.getTags(platform, session.sessionId)).toEqual(['only']);
  });

  it('archives a session', async () => {
    const other = await h.client.sessions.create(platform, { prompt: 'Document the release process' });
    const archived = await h.client.sessions.archive(platform, other.sessionId);
    expect(archived.isArchived).toBe(true);
    const listed = await h.client.sessions.list(platform, { sessionIds: [other.sessionId], isArchived: true });
    expect(listed.items.map((s) => s.sessionId)).toEqual([other.sessionId]);
  });

  it('terminates a session for good, archiving it too', async () => {
    const terminated = await h.client.sessions.terminate(platform, session.sessionId, { archive: true });
    expect(terminated).toMatchObject({ sessionId: session.sessionId, status: 'exit', isArchived: true });
    await expectUpstreamError(h.client.sessions.sendMessage(platform, session.sessionId, { message: 'still there?' }), 409, 'conflict');
  });
});

describe('service users and API keys', () => {
  it('provisions an enterprise service user under /v3beta1 whose token works', async () => {
    const before = h.mark();
    const provisioned = await h.client.serviceUsers.provisionEnterprise({ name: 'suite-bot', roleId: ROLE_IDS.billingViewer, ttlSeconds: 3600 });
    expect(h.requestsSince(before).map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v3beta1/enterprise/service-users']);
    expect(provisioned.token).toMatch(/^cog_/);
    expect(provisioned.serviceUser).toMatchObject({
      name: 'suite-bot',
      roleAssignments: [{ orgId: null, role: expect.objectContaining({ roleId: ROLE_IDS.billingViewer, roleType: 'enterprise' }) }],
    });
    expect(provisioned.serviceUser.expiresAt).toBeGreaterThanOrEqual(nowSeconds() + 3590);

    const self = await h.clientFor(provisioned.token).self.get();
    expect(self).toMatchObject({ principalType: 'service_user', serviceUserId: provisioned.serviceUser.serviceUserId, serviceUserName: 'suite-bot' });

    await expect(h.client.serviceUsers.get(provisioned.serviceUser.serviceUserId)).resolves.toEqual(provisioned.serviceUser);
    const all = await collectAll((after, first) => h.client.serviceUsers.list({ after, first }), { pageSize: 3 });
    expect(all.map((s) => s.serviceUserId)).toContain(provisioned.serviceUser.serviceUserId);

    const deleted = await h.client.serviceUsers.delete(provisioned.serviceUser.serviceUserId);
    expect(deleted.serviceUserId).toBe(provisioned.serviceUser.serviceUserId);
    await expectUpstreamError(h.client.serviceUsers.get(deleted.serviceUserId), 404, 'not_found');
    await expectUpstreamError(h.clientFor(provisioned.token).self.get(), 401, 'unauthorized');
  });

  it('provisions an org service user and lists it in the org', async () => {
    const payments = demoOrgId('payments');
    const provisioned = await h.client.serviceUsers.provisionOrg(payments, { name: 'payments-suite-bot', roleId: ROLE_IDS.orgMember, ttlSeconds: 600 });
    expect(provisioned.serviceUser.roleAssignments).toEqual([{ orgId: payments, role: expect.objectContaining({ roleId: ROLE_IDS.orgMember }) }]);
    const inOrg = await collectAll((after) => h.client.serviceUsers.listOrg(payments, { after }));
    expect(inOrg.map((s) => s.serviceUserId)).toContain(provisioned.serviceUser.serviceUserId);
    expect((await h.clientFor(provisioned.token).self.get()).orgId).toBe(payments);
  });

  it('creates, lists, rotates and revokes API keys', async () => {
    const { serviceUser } = await h.client.serviceUsers.provisionEnterprise({ name: 'keys-bot', roleId: ROLE_IDS.billingViewer, ttlSeconds: 3600 });
    const id = serviceUser.serviceUserId;

    const first = await h.client.apiKeys.create(id, { name: 'deploy', expiresAt: nowSeconds() + DAY });
    expect(first).toEqual({ apiKeyId: expect.any(String), apiKeyName: 'deploy', token: expect.stringMatching(/^cog_/) });
    await expect(h.clientFor(first.token).self.get()).resolves.toMatchObject({ serviceUserId: id });
    const listed = await h.client.apiKeys.list(id, { status: 'active' });
    expect(listed.items.find((k) => k.apiKeyId === first.apiKeyId)).toEqual({
      apiKeyId: first.apiKeyId,
      apiKeyName: 'deploy',
      createdAt: expect.any(Number),
      expiresAt: expect.any(Number),
      isActive: true,
      lastUsedAt: expect.toBeOneOf([null, expect.any(Number)]),
      revokedAt: null,
    });

    // A graceful rollover keeps both keys working.
    const second = await h.client.apiKeys.rotate(id, first.apiKeyId, { revokeCurrent: false, newKeyExpiresAt: nowSeconds() + 2 * DAY });
    expect(second.apiKeyId).not.toBe(first.apiKeyId);
    await expect(h.clientFor(first.token).self.get()).resolves.toMatchObject({ serviceUserId: id });
    await expect(h.clientFor(second.token).self.get()).resolves.toMatchObject({ serviceUserId: id });
    const active = (await h.client.apiKeys.list(id, { status: 'active' })).items.map((k) => k.apiKeyId);
    expect(active).toEqual(expect.arrayContaining([first.apiKeyId, second.apiKeyId]));

    // The default rotation retires the current key.
    const third = await h.client.apiKeys.rotate(id, second.apiKeyId);
    await expectUpstreamError(h.clientFor(second.token).self.get(), 401, 'unauthorized');
    await expect(h.clientFor(third.token).self.get()).resolves.toMatchObject({ serviceUserId: id });
    await expectUpstreamError(h.client.apiKeys.rotate(id, second.apiKeyId), 400, 'bad_request');

    const revoked = await h.client.apiKeys.revoke(id, first.apiKeyId);
    expect(revoked).toMatchObject({ apiKeyId: first.apiKeyId, isActive: false, revokedAt: expect.any(Number) });
    await expectUpstreamError(h.clientFor(first.token).self.get(), 401, 'unauthorized');
    const again = await expectUpstreamError(h.client.apiKeys.revoke(id, first.apiKeyId), 409, 'conflict');
    expect(again.route).toBe('DELETE /v3beta1/enterprise/service-users/{service_user_id}/api-keys/{api_key_id}');
    await expectUpstreamError(h.client.apiKeys.revoke(id, 'apikey-unknown'), 404, 'not_found');

    const revokedList = await h.client.apiKeys.list(id, { status: 'revoked' });
    expect(revokedList.items.map((k) => k.apiKeyId).sort()).toEqual([first.apiKeyId, second.apiKeyId].sort());
  });
});
