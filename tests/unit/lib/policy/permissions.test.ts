import { describe, expect, it } from 'vitest';
import { can, PERMISSIONS, type PortalAction } from '@/lib/policy/permissions';

const ADMIN_ONLY: PortalAction[] = ['orgs.manage', 'approvals.manage', 'audit.enterprise.read', 'ops.alerts'];

describe('can', () => {
  it.each(Object.keys(PERMISSIONS) as PortalAction[])('lets an admin %s', (action) => {
    expect(can({ role: 'admin' }, action)).toBe(true);
  });

  it.each(Object.keys(PERMISSIONS) as PortalAction[])('decides %s for a member from the table', (action) => {
    expect(can({ role: 'member' }, action)).toBe(!ADMIN_ONLY.includes(action));
  });

  it('refuses everything to nobody', () => {
    expect(can(null, 'orgs.read')).toBe(false);
    expect(can(undefined, 'sessions.read')).toBe(false);
  });
});
