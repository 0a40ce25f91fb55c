import 'server-only';
import type { Transport } from './client';
import { toPage, toRole } from './map';
import { pageQuerySchema, rolePageSchema } from './schemas';
import type { Page, PageParams, Role } from './types';

export function createRolesApi(call: Transport) {
  return {
    // GET /v3/enterprise/roles
    async list(page: PageParams = {}): Promise<Page<Role>> {
      const wire = await call({
        method: 'GET',
        path: '/v3/enterprise/roles',
        query: { first: page.first, after: page.after },
        querySchema: pageQuerySchema,
        response: rolePageSchema,
      });
      return toPage(wire, toRole);
    },
  };
}

export type RolesApi = ReturnType<typeof createRolesApi>;
