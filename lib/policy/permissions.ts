import type { PortalRole } from './roles';

/**
 * What each portal role may do, before org scoping. A member's org-scoped
 * actions are further limited to the orgs Devin lists them in (lib/access).
 */
export const PERMISSIONS = {
  'orgs.read': { description: 'See organizations', roles: ['admin', 'member'] },
  'orgs.request': { description: 'Request a new organization', roles: ['admin', 'member'] },
  'orgs.manage': { description: 'Edit or delete any organization', roles: ['admin'] },
  'approvals.manage': { description: 'Approve or reject organization requests', roles: ['admin'] },
  'sessions.read': { description: 'See Devin sessions', roles: ['admin', 'member'] },
  'sessions.write': { description: 'Start and steer Devin sessions', roles: ['admin', 'member'] },
  'service-users.manage': { description: 'Create service users and keys', roles: ['admin', 'member'] },
  'consumption.read': { description: 'See ACU consumption', roles: ['admin', 'member'] },
  'audit.enterprise.read': { description: 'Read the enterprise audit log', roles: ['admin'] },
  'audit.own.read': { description: "Read one's own portal trail", roles: ['admin', 'member'] },
  'system.health': { description: 'See upstream health details', roles: ['admin', 'member'] },
  'ops.alerts': { description: 'See operational alerts and stuck jobs, and send a test alert', roles: ['admin'] },
} as const satisfies Record<string, { description: string; roles: readonly PortalRole[] }>;

export type PortalAction = keyof typeof PERMISSIONS;

export function can(user: { role: PortalRole } | null | undefined, action: PortalAction): boolean {
  if (!user) return false;
  return (PERMISSIONS[action].roles as readonly PortalRole[]).includes(user.role);
}
