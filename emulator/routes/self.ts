import { apiRoute, type ApiContext } from '../context';

/**
 * GET /v3/self needs no permission (newer docs). The legacy
 * /v3beta1/enterprise/self answers the same superset: its documented fields
 * plus `principal_type`, so one client schema fits both.
 */
function getSelf(ctx: ApiContext) {
  const { serviceUser } = ctx.principal;
  const orgIds = new Set(serviceUser.assignments.map((a) => a.orgId));
  return {
    principal_type: 'service_user',
    service_user_id: serviceUser.id,
    service_user_name: serviceUser.name,
    // An org-scoped service user resolves to its org; an enterprise one has none (doc §4).
    org_id: orgIds.size === 1 && !orgIds.has(null) ? [...orgIds][0]! : null,
  };
}

export const selfRoutes = [apiRoute('GET', '/v3/self', getSelf), apiRoute('GET', '/v3beta1/enterprise/self', getSelf)];
