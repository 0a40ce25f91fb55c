import { z } from 'zod';
import { apiRoute, requirePermission, type ApiContext } from '../context';
import { mapPage, pageParams, paginate } from '../pagination';
import { parseQuery } from '../validation';
import { roleToWire } from '../wire';

export const MEMBERSHIP_READ = ['ManageAccountMembership', 'ViewAccountMembership'] as const;

// GET /v3/enterprise/roles
function listRoles(ctx: ApiContext) {
  requirePermission(ctx, MEMBERSHIP_READ);
  const page = parseQuery(ctx.query, z.object(pageParams));
  const roles = [...ctx.state.roles.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  return mapPage(
    paginate(roles, page, (r) => [r.id]),
    (r) => roleToWire(r),
  );
}

export const roleRoutes = [apiRoute('GET', '/v3/enterprise/roles', listRoles)];
