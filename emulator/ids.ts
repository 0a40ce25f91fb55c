import { stableHex } from './random';

/**
 * Ids of the demo directory's orgs and people. They depend only on the
 * directory key, so other parts of the demo can compute them without asking.
 */
export function demoOrgId(orgKey: string): string {
  return `org-${stableHex(`org:${orgKey}`, 12)}`;
}

export function demoUserId(personKey: string): string {
  return `user-${stableHex(`user:${personKey}`, 24)}`;
}

/** Ids of the seeded service users (`portal`, `platform-ci`, …): like the above, independent of the seed. */
export function seededServiceUserId(slug: string): string {
  return `service-user-${stableHex(`service-user:${slug}`, 24)}`;
}
