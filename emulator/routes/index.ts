import { apiKeyRoutes } from './api-keys';
import { auditLogRoutes } from './audit-logs';
import { consumptionRoutes } from './consumption';
import { memberRoutes } from './members';
import { organizationRoutes } from './organizations';
import { roleRoutes } from './roles';
import { selfRoutes } from './self';
import { serviceUserRoutes } from './service-users';
import { sessionRoutes } from './sessions';

/** Every API route, each under its documented prefix (/v3 for GA routes, /v3beta1 for beta-only ones). */
export const apiRoutes = [
  ...selfRoutes,
  ...roleRoutes,
  ...organizationRoutes,
  ...memberRoutes,
  ...serviceUserRoutes,
  ...apiKeyRoutes,
  ...sessionRoutes,
  ...consumptionRoutes,
  ...auditLogRoutes,
];
