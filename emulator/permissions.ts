/** Permission names from the v3 RBAC docs (§2.2 of the contract). */
export const ENTERPRISE_PERMISSIONS = [
  'ReadAccountMeta',
  'ManageEnterpriseSettings',
  'ManageOrganizations',
  'ManageAccountMembership',
  'ViewAccountMembership',
  'ManageAccountServiceUsers',
  'ManageAccountKnowledge',
  'ManageBilling',
  'ViewAccountConsumption',
  'ViewAccountSessions',
  'ManageAccountSessions',
  'ViewAccountMetrics',
  'ManageGitIntegrations',
] as const;

export const ORG_PERMISSIONS = [
  'ViewOrgSessions',
  'ManageOrgSessions',
  'ImpersonateOrgSessions',
  'UseDevinSessions',
  'UseDevinExpert',
  'ManageOrgSecrets',
  'ManageOrgSchedules',
  'ManageOrgServiceUsers',
  'ViewOrgMembership',
  'ViewOrgConsumption',
] as const;

export type Permission = (typeof ENTERPRISE_PERMISSIONS)[number] | (typeof ORG_PERMISSIONS)[number];

/**
 * `Manage*` implies the matching `View*`, and an enterprise permission implies
 * its org-level twin in every org (doc §2.2). ManageBilling → ViewAccountConsumption
 * bridges the two names the docs use for consumption reads (⚠️ conflict).
 */
const IMPLIES: Partial<Record<Permission, readonly Permission[]>> = {
  ManageAccountMembership: ['ViewAccountMembership'],
  ViewAccountMembership: ['ViewOrgMembership'],
  ManageAccountSessions: ['ViewAccountSessions', 'ManageOrgSessions'],
  ViewAccountSessions: ['ViewOrgSessions'],
  ManageOrgSessions: ['ViewOrgSessions'],
  ManageAccountServiceUsers: ['ManageOrgServiceUsers'],
  ManageBilling: ['ViewAccountConsumption'],
  ViewAccountConsumption: ['ViewOrgConsumption'],
};

/** The permissions a set of granted ones amounts to, implications included. */
export function withImplied(granted: Iterable<Permission>): Set<Permission> {
  const out = new Set<Permission>();
  const pending = [...granted];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (out.has(next)) continue;
    out.add(next);
    pending.push(...(IMPLIES[next] ?? []));
  }
  return out;
}

/** The 403 detail clients look for: the first name is the one to grant, the others are accepted too. */
export function missingPermissionDetail(anyOf: readonly Permission[]): string {
  const [first, ...others] = anyOf;
  return `Missing permission: ${first}${others.length ? ` (or ${others.join(', ')})` : ''}`;
}
