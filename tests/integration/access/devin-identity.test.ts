import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devinContract } from '@/contract';
import { findDevinUserByEmail, findDevinUserIdByEmail } from '@/lib/access/devin-identity';
import { createDevinClient } from '@/lib/upstream';
import { sendJson, startStubServer, type StubServer } from '../upstream/harness';

/*
 * Identity look-ups fail closed. The emulator never holds two users with one address or
 * answers an `email=` filter loosely, so these wire situations come from a small real
 * HTTP server; every answer it gives is checked against the vendored contract first.
 */

let stub: StubServer;
const client = () => createDevinClient({ baseUrl: stub.url, token: 'cog_identity_test', maxRetries: 0 });
const role = { role_id: 'role-org-member', role_name: 'Org Member', role_type: 'org' };
const user = (id: string, email: string | null, orgs: string[] = []) => ({
  user_id: id,
  email,
  name: null,
  role_assignments: orgs.map((org_id) => ({ role, org_id })),
});
const idpUser = (id: string, email: string, orgs: string[]) => ({
  user_id: id,
  email,
  name: null,
  idp_role_assignments: orgs.map((org_id) => ({ idp_group_name: 'team', role, org_id })),
});

/** Answers the three identity routes from these lists, each answer held to the published contract. */
function serve(direct: unknown[], viaIdp: unknown[], details: Record<string, unknown> = {}) {
  stub.respond = (req, res) => {
    const url = new URL(req.url, stub.url);
    const route = devinContract().find(req.method, url.pathname)!;
    const body =
      url.pathname === '/v3/enterprise/members/users' ? { items: direct, end_cursor: null, has_next_page: false, total: direct.length }
      : url.pathname === '/v3/enterprise/members/idp-users' ? { items: viaIdp, end_cursor: null, has_next_page: false, total: viaIdp.length }
      : details[url.pathname.split('/').at(-1)!];
    expect(devinContract().checkResponse(route, 200, body)).toEqual([]);
    sendJson(res, 200, body);
  };
}

beforeAll(async () => {
  stub = await startStubServer();
});
afterAll(() => stub.close());

describe('finding a Devin user by SSO email', () => {
  it('keeps only exact matches, ignoring case, and never a look-alike address', async () => {
    serve([user('user-evil', 'ada@example.test.evil.example', ['org-evil']), user('user-ada', 'Ada@Example.test', ['org-a'])], []);
    expect(await findDevinUserIdByEmail(client(), 'ada@example.test')).toBe('user-ada');
  });

  it('refuses to choose between two users with the same address, instead of merging their orgs', async () => {
    serve([user('user-1', 'ada@example.test', ['org-a'])], [idpUser('user-2', 'ADA@example.test', ['org-b'])]);
    await expect(findDevinUserIdByEmail(client(), 'ada@example.test')).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/2 different users/),
    });
  });

  it('finds someone who belongs only through an IdP group, then reads all their roles in one call', async () => {
    const detail = { ...user('user-g', 'grace@example.test'), idp_role_assignments: [{ idp_group_name: 'team-growth', role, org_id: 'org-growth' }] };
    serve([], [idpUser('user-g', 'grace@example.test', ['org-growth'])], { 'user-g': detail });
    stub.received.length = 0;
    const found = await findDevinUserByEmail(client(), 'grace@example.test');
    expect(found?.idpRoleAssignments.map((a) => a.orgId)).toEqual(['org-growth']);
    expect(stub.received.map((r) => r.url.split('?')[0]).sort()).toEqual([
      '/v3/enterprise/members/idp-users',
      '/v3/enterprise/members/users',
      '/v3/enterprise/members/users/user-g',
    ]);
  });

  it('treats a user record whose address changed in between as nobody', async () => {
    serve([user('user-h', 'hal@example.test', ['org-a'])], [], { 'user-h': user('user-h', 'someone-else@example.test', ['org-a']) });
    expect(await findDevinUserByEmail(client(), 'hal@example.test')).toBeNull();
  });

  it('answers null when Devin does not know the address', async () => {
    serve([], []);
    expect(await findDevinUserByEmail(client(), 'nobody@example.test')).toBeNull();
  });
});
