import type { PortalAction } from '@/lib/policy/permissions';

export interface NavItem {
  href: string;
  label: string;
  /** Shown only to people allowed this action. */
  action: PortalAction;
}

export const NAV_ITEMS: NavItem[] = [
  { href: '/', label: 'Overview', action: 'orgs.read' },
  { href: '/orgs', label: 'Organizations', action: 'orgs.read' },
  { href: '/sessions', label: 'Sessions', action: 'sessions.read' },
  { href: '/service-users', label: 'Service users', action: 'service-users.manage' },
  { href: '/consumption', label: 'Consumption', action: 'consumption.read' },
  { href: '/audit', label: 'Audit', action: 'audit.own.read' },
  { href: '/approvals', label: 'Approvals', action: 'approvals.manage' },
  { href: '/alerts', label: 'Alerts', action: 'ops.alerts' },
];
