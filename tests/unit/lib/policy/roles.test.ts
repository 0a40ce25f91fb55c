import { describe, expect, it } from 'vitest';
import { checkIdentity, derivePortalRole } from '@/lib/policy/roles';

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

describe('derivePortalRole: break-glass by subject, and only verified emails', () => {
  const glass = { adminGroups: ['portal-admins'], breakGlassAdmins: ['root@acme.test', 'sub:00u-root-7'] };

  it('matches a `sub:` entry on the IdP subject, whatever the email', () => {
    expect(derivePortalRole({ ...glass, sub: '00u-root-7', email: 'someone@else.test', groups: [] })).toBe('admin');
    expect(derivePortalRole({ ...glass, sub: '00u-root-8', email: 'someone@else.test', groups: [] })).toBe('member');
  });

  it('ignores an email entry when the IdP did not verify the email', () => {
    expect(derivePortalRole({ ...glass, sub: 'x', email: 'root@acme.test', emailVerified: false, groups: [] })).toBe('member');
    expect(derivePortalRole({ ...glass, sub: 'x', email: 'root@acme.test', emailVerified: true, groups: [] })).toBe('admin');
  });
});

describe('checkIdentity', () => {
  const strict = { allowUnverified: false, allowedDomains: [] as string[] };

  it('refuses an email the IdP did not mark verified, unless relaxed', () => {
    expect(checkIdentity({ email: 'eve@acme.test' }, strict)).toEqual({ ok: false, reason: 'unverified-email' });
    expect(checkIdentity({ email: 'eve@acme.test', email_verified: false }, strict)).toEqual({ ok: false, reason: 'unverified-email' });
    expect(checkIdentity({ email: 'eve@acme.test', email_verified: true }, strict)).toEqual({ ok: true, email: 'eve@acme.test' });
    expect(checkIdentity({ email: 'Eve@Acme.test' }, { ...strict, allowUnverified: true })).toEqual({ ok: true, email: 'eve@acme.test' });
  });

  it('refuses identities without an email', () => {
    expect(checkIdentity({ email_verified: true }, strict)).toEqual({ ok: false, reason: 'no-email' });
    expect(checkIdentity({ email: 42, email_verified: true }, strict)).toEqual({ ok: false, reason: 'no-email' });
  });

  it('keeps to the allowed domains, exactly (no suffix match)', () => {
    const domains = { ...strict, allowedDomains: ['acme.test'] };
    expect(checkIdentity({ email: 'a@acme.test', email_verified: true }, domains).ok).toBe(true);
    expect(checkIdentity({ email: 'a@evil-acme.test', email_verified: true }, domains)).toEqual({ ok: false, reason: 'domain-not-allowed' });
    expect(checkIdentity({ email: 'a@acme.test.evil', email_verified: true }, domains)).toEqual({ ok: false, reason: 'domain-not-allowed' });
  });
});
