import 'server-only';
import type { Transport } from './client';
import { toIdpGroupUser, toPage, toUser, toUserWithIdpRoles } from './map';
import { emailPageQuerySchema, idpGroupUserPageSchema, pageQuerySchema, roleBodySchema, userPageSchema, userSchema, userWithIdpRolesSchema } from './schemas';
import type { IdpGroupUser, Page, PageParams, User, UserWithIdpRoles } from './types';

/** `email` filters by exact address (the way to find a Devin user id from an SSO email). */
export interface MemberFilters extends PageParams {
  email?: string;
}

export function createMembersApi(call: Transport) {
  const emailQuery = (f: MemberFilters) => ({ email: f.email, first: f.first, after: f.after });

  return {
    // GET /v3/enterprise/members/users (direct role assignments only; group members come from listIdpUsers)
    async listEnterpriseUsers(filters: MemberFilters = {}): Promise<Page<User>> {
      const wire = await call({
        method: 'GET',
        path: '/v3/enterprise/members/users',
        query: emailQuery(filters),
        querySchema: emailPageQuerySchema,
        response: userPageSchema,
      });
      return toPage(wire, toUser);
    },

    // GET /v3/enterprise/members/users/{user_id}
    async getEnterpriseUser(userId: string): Promise<UserWithIdpRoles> {
      const wire = await call({
        method: 'GET',
        path: '/v3/enterprise/members/users/{user_id}',
        params: { user_id: userId },
        response: userWithIdpRolesSchema,
      });
      return toUserWithIdpRoles(wire);
    },

    // GET /v3/enterprise/members/idp-users (people who belong through IdP groups; items carry no role_assignments)
    async listIdpUsers(filters: MemberFilters = {}): Promise<Page<IdpGroupUser>> {
      const wire = await call({
        method: 'GET',
        path: '/v3/enterprise/members/idp-users',
        query: emailQuery(filters),
        querySchema: emailPageQuerySchema,
        response: idpGroupUserPageSchema,
      });
      return toPage(wire, toIdpGroupUser);
    },

    // GET /v3/enterprise/organizations/{org_id}/members/users
    async listOrgUsers(orgId: string, page: PageParams = {}): Promise<Page<User>> {
      const wire = await call({
        method: 'GET',
        path: '/v3/enterprise/organizations/{org_id}/members/users',
        params: { org_id: orgId },
        query: { first: page.first, after: page.after },
        querySchema: pageQuerySchema,
        response: userPageSchema,
      });
      return toPage(wire, toUser);
    },

    // GET /v3/enterprise/organizations/{org_id}/members/idp-users (the org's members through IdP groups; the
    // /v3beta1/organizations/… twin is for org-scoped service users, not the enterprise token the portal holds)
    async listOrgIdpUsers(orgId: string, filters: MemberFilters = {}): Promise<Page<IdpGroupUser>> {
      const wire = await call({
        method: 'GET',
        path: '/v3/enterprise/organizations/{org_id}/members/idp-users',
        params: { org_id: orgId },
        query: emailQuery(filters),
        querySchema: emailPageQuerySchema,
        response: idpGroupUserPageSchema,
      });
      return toPage(wire, toIdpGroupUser);
    },

    // POST /v3/enterprise/organizations/{org_id}/members/users/{user_id} (adds the user, or changes their org role)
    async addOrgUser(orgId: string, userId: string, roleId: string): Promise<User> {
      const wire = await call({
        method: 'POST',
        path: '/v3/enterprise/organizations/{org_id}/members/users/{user_id}',
        params: { org_id: orgId, user_id: userId },
        body: { role_id: roleId },
        bodySchema: roleBodySchema,
        response: userSchema,
      });
      return toUser(wire);
    },

    // DELETE /v3/enterprise/organizations/{org_id}/members/users/{user_id}
    async removeOrgUser(orgId: string, userId: string): Promise<User> {
      const wire = await call({
        method: 'DELETE',
        path: '/v3/enterprise/organizations/{org_id}/members/users/{user_id}',
        params: { org_id: orgId, user_id: userId },
        response: userSchema,
      });
      return toUser(wire);
    },
  };
}

export type MembersApi = ReturnType<typeof createMembersApi>;
