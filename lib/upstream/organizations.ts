import 'server-only';
import type { Transport } from './client';
import { toOrganization, toPage } from './map';
import {
  createOrganizationBodySchema,
  organizationPageSchema,
  organizationSchema,
  pageQuerySchema,
  updateOrganizationBodySchema,
} from './schemas';
import type { CreateOrganizationInput, Organization, Page, PageParams, UpdateOrganizationInput } from './types';

export function createOrganizationsApi(call: Transport) {
  return {
    // GET /v3/enterprise/organizations
    async list(page: PageParams = {}): Promise<Page<Organization>> {
      const wire = await call({
        method: 'GET',
        path: '/v3/enterprise/organizations',
        query: { first: page.first, after: page.after },
        querySchema: pageQuerySchema,
        response: organizationPageSchema,
      });
      return toPage(wire, toOrganization);
    },

    // GET /v3/enterprise/organizations/{org_id}
    async get(orgId: string): Promise<Organization> {
      const wire = await call({ method: 'GET', path: '/v3/enterprise/organizations/{org_id}', params: { org_id: orgId }, response: organizationSchema });
      return toOrganization(wire);
    },

    // POST /v3/enterprise/organizations
    async create(input: CreateOrganizationInput): Promise<Organization> {
      const wire = await call({
        method: 'POST',
        path: '/v3/enterprise/organizations',
        body: { name: input.name, max_cycle_acu_limit: input.maxCycleAcuLimit, max_session_acu_limit: input.maxSessionAcuLimit },
        bodySchema: createOrganizationBodySchema,
        response: organizationSchema,
      });
      return toOrganization(wire);
    },

    // PATCH /v3/enterprise/organizations/{org_id}
    async update(orgId: string, input: UpdateOrganizationInput): Promise<Organization> {
      const wire = await call({
        method: 'PATCH',
        path: '/v3/enterprise/organizations/{org_id}',
        params: { org_id: orgId },
        body: { name: input.name, max_cycle_acu_limit: input.maxCycleAcuLimit, max_session_acu_limit: input.maxSessionAcuLimit },
        bodySchema: updateOrganizationBodySchema,
        response: organizationSchema,
      });
      return toOrganization(wire);
    },

    // DELETE /v3/enterprise/organizations/{org_id} (answers with the deleted org)
    async delete(orgId: string): Promise<Organization> {
      const wire = await call({ method: 'DELETE', path: '/v3/enterprise/organizations/{org_id}', params: { org_id: orgId }, response: organizationSchema });
      return toOrganization(wire);
    },
  };
}

export type OrganizationsApi = ReturnType<typeof createOrganizationsApi>;
