import { describe, expect, it } from 'vitest';
import { DEMO_PEOPLE } from '../../demo/directory';
import { demoOrgId, demoUserId, ROLE_IDS } from '../index';
import {
  orgScopedUserSchema,
  orgScopedUserWithIdpRolesSchema,
  pageOf,
  userSchema,
  userWithIdpRolesSchema,
  idpGroupUserSchema,
  orgScopedIdpGroupUserSchema,
} from './contract-schemas';
import { expectOk, expectProblem, setUpEmulator, walk } from './harness';

const h = setUpEmulator();
const growth = demoOrgId('growth');
const payments = demoOrgId('payments');
const viaGroup = DEMO_PEOPLE.find((p) => p.orgs.some((o) => o.org === 'growth'))!;

describe('enterprise users', () => {
  it('finds a person by exact email (case-insensitive) with their direct org roles', async () => {
    const page = expectOk(await h.call('GET', '/v3/enterprise/members/users?email=Bob@ACME.test'), pageOf(userSchema));
    expect(page.items).toHaveLength(1);
    const bob = page.items[0]!;
    expect(bob).toMatchObject({ user_id: demoUserId('bob'), email: 'bob@acme.test', name: 'Bob Okafor' });
    expect(bob.role_assignments.map((a) => [a.org_id, a.role.role_name]).sort()).toEqual(
      [
        [payments, 'Org Admin'],
        [demoOrgId('mobile'), 'Org Member'],
      ].sort(),
    );
    const none = expectOk(await h.call('GET', '/v3/enterprise/members/users?email=bob@acme'), pageOf(userSchema));
    expect(none.items).toHaveLength(0);
  });

  it('lists only people with direct assignments: not group-only members, not people in no org', async () => {
    const { items } = await walk(h, '/v3/enterprise/members/users', userSchema, 10);
    const emails = items.map((u) => u.email);
    expect(emails).not.toContain(viaGroup.email);
    expect(emails).not.toContain('dave@acme.test');
    expect(emails).toContain('carol@acme.test');
    expect(items.every((u) => u.role_assignments.every((a) => a.org_id !== growth))).toBe(true);
  });

  it('lists group-derived members under idp-users, with the group name', async () => {
    const page = expectOk(await h.call('GET', `/v3/enterprise/members/idp-users?email=${viaGroup.email}`), pageOf(idpGroupUserSchema));
    expect(page.items).toHaveLength(1);
    expect(page.items[0]!.idp_role_assignments).toEqual([
      { idp_group_name: 'team-growth', role: { role_id: ROLE_IDS.orgMember, role_name: 'Org Member', role_type: 'org' }, org_id: growth },
    ]);
    const all = expectOk(await h.call('GET', '/v3/enterprise/members/idp-users'), pageOf(idpGroupUserSchema));
    expect(all.items.length).toBe(DEMO_PEOPLE.filter((p) => p.orgs.some((o) => o.org === 'growth')).length);
  });

  it('gets one user with both kinds of assignment, 404 for an unknown id', async () => {
    const user = expectOk(await h.call('GET', `/v3/enterprise/members/users/${demoUserId(viaGroup.key)}`), userWithIdpRolesSchema);
    expect(user.idp_role_assignments.map((a) => a.org_id)).toEqual([growth]);
    expect(user.role_assignments.map((a) => a.org_id)).not.toContain(growth);
    expectProblem(await h.call('GET', '/v3/enterprise/members/users/user-unknown'), 404);
  });

  it('needs ManageAccountMembership (or ViewAccountMembership)', async () => {
    const problem = expectProblem(await h.call('GET', '/v3/enterprise/members/users', { as: 'reader' }), 403);
    expect(problem.detail).toBe('Missing permission: ManageAccountMembership (or ViewAccountMembership)');
    expectProblem(await h.call('GET', '/v3/enterprise/members/idp-users', { as: 'reader' }), 403);
  });
});

describe('org members', () => {
  it('lists an org’s direct members with their role in that org only', async () => {
    const page = expectOk(await h.call('GET', `/v3/enterprise/organizations/${payments}/members/users`), pageOf(userSchema));
    const bob = page.items.find((u) => u.user_id === demoUserId('bob'));
    expect(bob?.role_assignments).toEqual([{ role: { role_id: ROLE_IDS.orgAdmin, role_name: 'Org Admin', role_type: 'org' }, org_id: payments }]);
    expect(page.items.every((u) => u.role_assignments.every((a) => a.org_id === payments))).toBe(true);
    expectProblem(await h.call('GET', '/v3/enterprise/organizations/org-000000000000/members/users'), 404);
  });

  it('adds a member, changes their role, then removes them', async () => {
    const dave = demoUserId('dave');
    const path = `/v3/enterprise/organizations/${payments}/members/users/${dave}`;
    const added = expectOk(await h.call('POST', path, { body: { role_id: ROLE_IDS.orgViewer } }), userSchema);
    expect(added.role_assignments).toEqual([{ role: expect.objectContaining({ role_id: ROLE_IDS.orgViewer }), org_id: payments }]);
    const lookup = expectOk(await h.call('GET', '/v3/enterprise/members/users?email=dave@acme.test'), pageOf(userSchema));
    expect(lookup.total).toBe(1);

    const changed = expectOk(await h.call('POST', path, { body: { role_id: ROLE_IDS.orgMember } }), userSchema);
    expect(changed.role_assignments.map((a) => a.role.role_id)).toEqual([ROLE_IDS.orgMember]);

    expect(expectOk(await h.call('DELETE', path), userSchema).role_assignments).toEqual([]);
    expectProblem(await h.call('DELETE', path), 404);
  });

  it('refuses an enterprise role or an unknown role for org membership with 422', async () => {
    const path = `/v3/enterprise/organizations/${payments}/members/users/${demoUserId('dave')}`;
    expect(expectProblem(await h.call('POST', path, { body: { role_id: ROLE_IDS.enterpriseAdmin } }), 422).errors?.[0]?.loc).toEqual(['body', 'role_id']);
    expectProblem(await h.call('POST', path, { body: { role_id: 'role-nope' } }), 422);
    expectProblem(await h.call('POST', `/v3/enterprise/organizations/${payments}/members/users/user-nobody`, { body: { role_id: ROLE_IDS.orgMember } }), 404);
  });

  it('needs ManageAccountMembership to change membership', async () => {
    const path = `/v3/enterprise/organizations/${payments}/members/users/${demoUserId('dave')}`;
    expect(expectProblem(await h.call('POST', path, { as: 'reader', body: { role_id: ROLE_IDS.orgMember } }), 403).detail).toBe(
      'Missing permission: ManageAccountMembership',
    );
    expectProblem(await h.call('DELETE', path, { as: 'reader' }), 403);
  });
});

describe('org-scoped member reads (beta)', () => {
  it('lists members by email with roles that carry no role_type', async () => {
    const reply = await h.call('GET', `/v3beta1/organizations/${payments}/members/users?email=bob@acme.test`);
    const page = expectOk(reply, pageOf(orgScopedUserSchema));
    expect(page.items[0]!.role_assignments).toEqual([{ role: { role_id: ROLE_IDS.orgAdmin, role_name: 'Org Admin' }, org_id: payments }]);
  });

  it('gets one member, and lists group-derived members of the org', async () => {
    const member = await h.call('GET', `/v3beta1/organizations/${growth}/members/users/${demoUserId(viaGroup.key)}`);
    expect(expectOk(member, orgScopedUserWithIdpRolesSchema).idp_role_assignments[0]?.idp_group_name).toBe('team-growth');
    const idp = expectOk(await h.call('GET', `/v3beta1/organizations/${growth}/members/idp-users`), pageOf(orgScopedIdpGroupUserSchema));
    expect(idp.items.map((u) => u.email)).toContain(viaGroup.email);
    expectProblem(await h.call('GET', `/v3beta1/organizations/${payments}/members/users/${demoUserId('carol')}`), 404);
  });

  it('needs ViewOrgMembership in that org', async () => {
    expect(expectProblem(await h.call('GET', `/v3beta1/organizations/${payments}/members/users`, { as: 'reader' }), 403).detail).toBe(
      'Missing permission: ViewOrgMembership',
    );
  });
});
