/*
 * The service-users choices (lifetimes, overlaps) and their labels: plain data, no zod, so the client forms that
 * offer them ship no validation library. The routes validate against the same tables in ./schemas.
 */

export const DAY_SECONDS = 86_400;
/** Keys expiring within this many days are flagged. */
export const EXPIRING_SOON_DAYS = 14;

/** How long a new service user lives; Devin allows at most a year. */
export const SERVICE_USER_LIFETIMES = { '30d': 30, '90d': 90, '180d': 180, '365d': 365 } as const;
export type ServiceUserLifetime = keyof typeof SERVICE_USER_LIFETIMES;

/** How long a new key lives; never longer than its service user, which the form and the server both enforce. */
export const KEY_LIFETIMES = { '7d': 7, '30d': 30, '90d': 90, '180d': 180, '365d': 365 } as const;
export type KeyLifetime = keyof typeof KEY_LIFETIMES;

/** How long the old key keeps working after a rotation; `none` revokes it at once. */
export const ROTATION_OVERLAPS = { none: 0, '1h': 3_600, '24h': DAY_SECONDS, '3d': 3 * DAY_SECONDS, '7d': 7 * DAY_SECONDS } as const;
export type RotationOverlap = keyof typeof ROTATION_OVERLAPS;

const lifetimeLabel = (days: number) => (days % 365 === 0 ? `${days / 365} year` : `${days} days`);
export const LIFETIME_LABELS = Object.fromEntries(
  Object.entries({ ...KEY_LIFETIMES, ...SERVICE_USER_LIFETIMES }).map(([k, days]) => [k, lifetimeLabel(days)]),
) as Record<KeyLifetime | ServiceUserLifetime, string>;
export const OVERLAP_LABELS: Record<RotationOverlap, string> = {
  none: 'Revoke the old key at once',
  '1h': 'Keep the old key for 1 hour',
  '24h': 'Keep the old key for 24 hours',
  '3d': 'Keep the old key for 3 days',
  '7d': 'Keep the old key for 7 days',
};
