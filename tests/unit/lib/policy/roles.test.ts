import { describe, expect, it } from 'vitest';
import { derivePortalRole } from '@/lib/policy/roles';

const base = { adminGroups: ['portal-admins', 'platform-leads'], breakGlassAdmins: ['root@acme.test'] };

describe('derivePortalRole', () => {
  it('makes members of a configured admin group admins', () => {
    expect(derivePortalRole({ ...base, email: 'a@acme.test', groups: ['staff', 'platform-leads'] })).toBe('admin');
  });

  it('makes everyone else a member', () => {
    expect(derivePortalRole({ ...base, email: 'b@acme.test', groups: ['staff'] })).toBe('member');
    expect(derivePortalRole({ ...base, email: 'b@acme.test', groups: [] })).toBe('member');
  });

  it('matches group names exactly, not by substring or case', () => {
    expect(derivePortalRole({ ...base, email: 'c@acme.test', groups: ['portal-admins-readonly', 'Portal-Admins'] })).toBe('member');
  });

  it('lets break-glass admins in by email, whatever their groups, case-insensitively', () => {
    expect(derivePortalRole({ ...base, email: 'ROOT@acme.test', groups: [] })).toBe('admin');
  });

  it('never makes someone without an email a break-glass admin', () => {
    expect(derivePortalRole({ ...base, email: null, groups: [] })).toBe('member');
  });
});
