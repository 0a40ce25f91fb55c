import { describe, expect, it } from 'vitest';
import { demoOrgId, demoUserId, ROLE_IDS, seededServiceUserId } from '../index';
import { auditLogSchema, pageOf } from './contract-schemas';
import { expectOk, expectProblem, T0, setUpEmulator, walk } from './harness';

const h = setUpEmulator({ extraAuditEntries: 3_000 });
const DAY = 86_400;
const now = T0 / 1000;
const page = pageOf(auditLogSchema);

async function newest() {
  return expectOk(await h.call('GET', '/v3/enterprise/audit-logs?first=1'), page).items[0]!;
}

describe('reading the audit log', () => {
  it('returns the newest first by default, oldest first with order=asc', async () => {
    const desc = expectOk(await h.call('GET', '/v3/enterprise/audit-logs?first=200'), page).items.map((e) => e.created_at);
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    const asc = expectOk(await h.call('GET', '/v3/enterprise/audit-logs?order=asc&first=200'), page).items.map((e) => e.created_at);
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    expect(asc[0]!).toBeLessThan(desc.at(-1)!);
    expectProblem(await h.call('GET', '/v3/enterprise/audit-logs?order=sideways'), 422);
  });

  it('walks every entry once across pages', async () => {
    const { items, total, pages } = await walk(h, `/v3/enterprise/audit-logs?time_after=${now - 95 * DAY}`, auditLogSchema, 200);
    expect(items.length).toBe(total);
    expect(new Set(items.map((e) => e.audit_log_id)).size).toBe(total);
    expect(total).toBeGreaterThan(3_000);
    expect(pages).toBe(Math.ceil(total! / 200));
  });

  it('holds history from weeks back, including seeded sessions and logins', async () => {
    const oldest = expectOk(await h.call('GET', '/v3/enterprise/audit-logs?order=asc&first=1'), page).items[0]!;
    expect(oldest.created_at).toBeLessThan(now - 42 * DAY);
    const logins = expectOk(await h.call('GET', '/v3/enterprise/audit-logs?action=login&first=200'), page);
    expect(logins.items.every((e) => e.action === 'login' && e.user_email?.endsWith('@acme.test'))).toBe(true);
    expect(logins.total).toBeGreaterThan(100);
  });

  it('filters by time: after inclusive, before exclusive', async () => {
    const all = expectOk(await h.call('GET', `/v3/enterprise/audit-logs?time_after=${now - 10 * DAY}&time_before=${now - 9 * DAY}&first=200`), page);
    expect(all.items.length).toBeGreaterThan(0);
    expect(all.items.every((e) => e.created_at >= now - 10 * DAY && e.created_at < now - 9 * DAY)).toBe(true);
  });

  it('rejects time_before without time_after with 422', async () => {
    const problem = expectProblem(await h.call('GET', `/v3/enterprise/audit-logs?time_before=${now}`), 422);
    expect(problem.errors?.[0]?.loc).toEqual(['query', 'time_before']);
    expect(problem.detail).toMatch(/requires time_after/);
  });

  it('rejects a window over 100 days with 422, with or without time_before', async () => {
    expectOk(await h.call('GET', `/v3/enterprise/audit-logs?time_after=${now - 100 * DAY}&time_before=${now}`), page);
    expectProblem(await h.call('GET', `/v3/enterprise/audit-logs?time_after=${now - 100 * DAY - 1}&time_before=${now}`), 422);
    expectProblem(await h.call('GET', `/v3/enterprise/audit-logs?time_after=${now - 101 * DAY}`), 422);
    expectProblem(await h.call('GET', `/v3/enterprise/audit-logs?time_after=${now}&time_before=${now - 1}`), 422);
  });

  it('filters by one known action; an unknown action is a 422', async () => {
    const sessions = expectOk(await h.call('GET', '/v3/enterprise/audit-logs?action=create_session'), page);
    expect(sessions.items.length).toBeGreaterThan(0);
    expect(sessions.items.every((e) => e.action === 'create_session')).toBe(true);
    expect(expectProblem(await h.call('GET', '/v3/enterprise/audit-logs?action=drop_tables'), 422).errors?.[0]?.loc).toEqual(['query', 'action']);
  });

  it('scopes to one org on the org route', async () => {
    const platform = demoOrgId('platform');
    const scoped = expectOk(await h.call('GET', `/v3/enterprise/organizations/${platform}/audit-logs?first=200`), page);
    expect(scoped.items.length).toBeGreaterThan(0);
    expect(scoped.items.every((e) => e.org_id === platform)).toBe(true);
    expectProblem(await h.call('GET', '/v3/enterprise/organizations/org-000000000000/audit-logs'), 404);
  });

  it('needs ManageEnterpriseSettings', async () => {
    expect(expectProblem(await h.call('GET', '/v3/enterprise/audit-logs', { as: 'reader' }), 403).detail).toBe(
      'Missing permission: ManageEnterpriseSettings',
    );
    expectProblem(await h.call('GET', `/v3/enterprise/organizations/${demoOrgId('data')}/audit-logs`, { as: 'reader' }), 403);
  });
});

describe('every write is audited', () => {
  it('records each write with the calling service user, useful data and never a token', async () => {
    const seen: { action: string; data: Record<string, unknown> }[] = [];
    const tokens: string[] = [h.emu.tokens.admin];
    const write = async (action: string, method: string, path: string, body?: unknown) => {
      h.clock.now += 1_000;
      const reply = await h.call(method, path, { body });
      expect(reply.status, `${method} ${path}: ${JSON.stringify(reply.body)}`).toBe(200);
      const entry = await newest();
      expect(entry).toMatchObject({
        action,
        created_at: Math.floor(h.clock.now / 1000),
        service_user_id: seededServiceUserId('portal'),
        service_user_name: 'Portal Service',
      });
      seen.push(entry);
      return reply.body as Record<string, string>;
    };

    const org = await write('create_org', 'POST', '/v3/enterprise/organizations', { name: 'Audited' });
    await write('update_org', 'PATCH', `/v3/enterprise/organizations/${org.org_id}`, { max_cycle_acu_limit: 5 });
    const dave = demoUserId('dave');
    const member = `/v3/enterprise/organizations/${org.org_id}/members/users/${dave}`;
    await write('add_member', 'POST', member, { role_id: ROLE_IDS.orgMember });
    await write('assign_roles', 'POST', member, { role_id: ROLE_IDS.orgAdmin });
    const sessions = `/v3/organizations/${org.org_id}/sessions`;
    const s1 = await write('create_session', 'POST', sessions, { prompt: 'audited work', create_as_user_id: dave });
    expect((await newest()).user_id).toBe(dave);
    await write('send_message', 'POST', `${sessions}/${s1.session_id}/messages`, { message: 'more' });
    await write('terminate_session', 'DELETE', `${sessions}/${s1.session_id}`);
    const s2 = await write('create_session', 'POST', sessions, { prompt: 'to archive' });
    await write('sleep_session', 'POST', `${sessions}/${s2.session_id}/archive`);
    await write('delete_member', 'DELETE', member);
    const su = await write('create_service_user', 'POST', '/v3beta1/enterprise/service-users', { name: 'audited bot', role_id: ROLE_IDS.enterpriseMember });
    tokens.push(su.token!);
    const orgSu = await write('create_service_user', 'POST', `/v3beta1/organizations/${org.org_id}/service-users`, { name: 'org bot', role_id: ROLE_IDS.orgViewer });
    tokens.push(orgSu.token!);
    expect((await newest()).org_id).toBe(org.org_id);
    const suId = (su as unknown as { service_user: { service_user_id: string } }).service_user.service_user_id;
    const keys = `/v3beta1/enterprise/service-users/${suId}/api-keys`;
    const key = await write('create_service_user_api_key', 'POST', keys, { name: 'k' });
    tokens.push(key.token!);
    const rotated = await write('rotate_service_user_api_key', 'POST', `${keys}/${key.api_key_id}/rotate`, { revoke_current: false });
    tokens.push(rotated.token!);
    await write('revoke_service_user_api_key', 'DELETE', `${keys}/${rotated.api_key_id}`);
    await write('delete_service_user', 'DELETE', `/v3/enterprise/members/service-users/${suId}`);
    await write('delete_org', 'DELETE', `/v3/enterprise/organizations/${org.org_id}`);

    expect(seen.find((e) => e.action === 'update_org')?.data).toMatchObject({ changes: { max_cycle_acu_limit: { from: null, to: 5 } } });
    expect(seen.find((e) => e.action === 'add_member')?.data).toMatchObject({ user_id: dave, role_id: ROLE_IDS.orgMember });
    expect(seen.find((e) => e.action === 'send_message')?.data).toMatchObject({ session_id: s1.session_id });
    const everything = JSON.stringify(expectOk(await h.call('GET', '/v3/enterprise/audit-logs?first=200'), page));
    for (const token of tokens) expect(everything).not.toContain(token);
  });

  it('records no entry for tag writes: AuditLogAction has no tag action', async () => {
    const session = (await h.call('POST', `/v3/organizations/${demoOrgId('data')}/sessions`, { body: { prompt: 'x' } })).body as { session_id: string };
    const before = await newest();
    h.clock.now += 1_000;
    expect((await h.call('POST', `/v3/organizations/${demoOrgId('data')}/sessions/${session.session_id}/tags`, { body: { tags: ['t'] } })).status).toBe(200);
    expect(await newest()).toEqual(before);
  });
});
