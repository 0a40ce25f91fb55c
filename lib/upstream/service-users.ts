import 'server-only';
import type { Transport } from './client';
import { toPage, toProvisionedServiceUser, toServiceUser } from './map';
import { pageQuerySchema, provisionedServiceUserSchema, provisionServiceUserBodySchema, roleBodySchema, serviceUserPageSchema, serviceUserSchema } from './schemas';
import type { Page, PageParams, ProvisionedServiceUser, ProvisionServiceUserInput, ServiceUser } from './types';

const provisionBody = (input: ProvisionServiceUserInput) => ({ name: input.name, role_id: input.roleId, ttl_seconds: input.ttlSeconds });

export function createServiceUsersApi(call: Transport) {
  return {
    // POST /v3beta1/enterprise/service-users (beta)
    /** The returned token is shown once: give it to the person, never store, log or trail it. */
    async provisionEnterprise(input: ProvisionServiceUserInput): Promise<ProvisionedServiceUser> {
      const wire = await call({
        method: 'POST',
        path: '/v3beta1/enterprise/service-users',
        body: provisionBody(input),
        bodySchema: provisionServiceUserBodySchema,
        response: provisionedServiceUserSchema,
      });
      return toProvisionedServiceUser(wire);
    },

    // POST /v3beta1/organizations/{org_id}/service-users (beta; roleId must be an org role)
    /** The returned token is shown once: give it to the person, never store, log or trail it. */
    async provisionOrg(orgId: string, input: ProvisionServiceUserInput): Promise<ProvisionedServiceUser> {
      const wire = await call({
        method: 'POST',
        path: '/v3beta1/organizations/{org_id}/service-users',
        params: { org_id: orgId },
        body: provisionBody(input),
        bodySchema: provisionServiceUserBodySchema,
        response: provisionedServiceUserSchema,
      });
      return toProvisionedServiceUser(wire);
    },

    // GET /v3/enterprise/members/service-users
    async list(page: PageParams = {}): Promise<Page<ServiceUser>> {
      const wire = await call({
        method: 'GET',
        path: '/v3/enterprise/members/service-users',
        query: { first: page.first, after: page.after },
        querySchema: pageQuerySchema,
        response: serviceUserPageSchema,
      });
      return toPage(wire, toServiceUser);
    },

    // GET /v3/enterprise/members/service-users/{service_user_id}
    async get(serviceUserId: string): Promise<ServiceUser> {
      const wire = await call({
        method: 'GET',
        path: '/v3/enterprise/members/service-users/{service_user_id}',
        params: { service_user_id: serviceUserId },
        response: serviceUserSchema,
      });
      return toServiceUser(wire);
    },

    // DELETE /v3/enterprise/members/service-users/{service_user_id} (answers with the removed service user)
    async delete(serviceUserId: string): Promise<ServiceUser> {
      const wire = await call({
        method: 'DELETE',
        path: '/v3/enterprise/members/service-users/{service_user_id}',
        params: { service_user_id: serviceUserId },
        response: serviceUserSchema,
      });
      return toServiceUser(wire);
    },

    // GET /v3/enterprise/organizations/{org_id}/members/service-users
    async listOrg(orgId: string, page: PageParams = {}): Promise<Page<ServiceUser>> {
      const wire = await call({
        method: 'GET',
        path: '/v3/enterprise/organizations/{org_id}/members/service-users',
        params: { org_id: orgId },
        query: { first: page.first, after: page.after },
        querySchema: pageQuerySchema,
        response: serviceUserPageSchema,
      });
      return toPage(wire, toServiceUser);
    },

    // POST /v3/enterprise/organizations/{org_id}/members/service-users/{service_user_id} (adds it, or changes its org role)
    async setOrgRole(orgId: string, serviceUserId: string, roleId: string): Promise<ServiceUser> {
      const wire = await call({
        method: 'POST',
        path: '/v3/enterprise/organizations/{org_id}/members/service-users/{service_user_id}',
        params: { org_id: orgId, service_user_id: serviceUserId },
        body: { role_id: roleId },
        bodySchema: roleBodySchema,
        response: serviceUserSchema,
      });
      return toServiceUser(wire);
    },

    // DELETE /v3/enterprise/organizations/{org_id}/members/service-users/{service_user_id} (its roles elsewhere stay)
    async removeFromOrg(orgId: string, serviceUserId: string): Promise<ServiceUser> {
      const wire = await call({
        method: 'DELETE',
        path: '/v3/enterprise/organizations/{org_id}/members/service-users/{service_user_id}',
        params: { org_id: orgId, service_user_id: serviceUserId },
        response: serviceUserSchema,
      });
      return toServiceUser(wire);
    },
  };
}

export type ServiceUsersApi = ReturnType<typeof createServiceUsersApi>;
