import { z } from 'zod';

/*
 * The service-users API's inputs and outputs. Client-safe: the forms offer exactly the choices the routes accept.
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

const keys = <T extends Record<string, unknown>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

const nameSchema = z
  .string({ error: 'is required' })
  .trim()
  .min(1, { error: 'is required' })
  .max(64, { error: 'has at most 64 characters' })
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u, { error: 'use letters, digits, spaces, dots, dashes and underscores, starting with a letter or digit' });

export const roleIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, { error: 'must be a role id' });
export const apiKeyIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, { error: 'must be an API key id' });

export const createServiceUserBodySchema = z.object({
  name: nameSchema,
  roleId: roleIdSchema,
  lifetime: z.enum(keys(SERVICE_USER_LIFETIMES), { error: 'pick one of the offered lifetimes' }),
});
export type CreateServiceUserBody = z.infer<typeof createServiceUserBodySchema>;

export const changeRoleBodySchema = z.object({ roleId: roleIdSchema });
export type ChangeRoleBody = z.infer<typeof changeRoleBodySchema>;

export const createKeyBodySchema = z.object({
  name: nameSchema,
  lifetime: z.enum(keys(KEY_LIFETIMES), { error: 'pick one of the offered lifetimes' }),
});
export type CreateKeyBody = z.infer<typeof createKeyBodySchema>;

export const rotateKeyBodySchema = z.object({
  overlap: z.enum(keys(ROTATION_OVERLAPS), { error: 'pick one of the offered overlaps' }),
  lifetime: z.enum(keys(KEY_LIFETIMES), { error: 'pick one of the offered lifetimes' }),
});
export type RotateKeyBody = z.infer<typeof rotateKeyBodySchema>;

export type KeyStatus = 'active' | 'expired' | 'revoked';

export interface ApiKeyDto {
  apiKeyId: string;
  name: string;
  status: KeyStatus;
  createdAt: number;
  expiresAt: number | null;
  lastUsedAt: number | null;
  revokedAt: number | null;
  /** Days left, rounded up, when active and expiring within EXPIRING_SOON_DAYS; null otherwise. */
  expiresInDays: number | null;
  /** Set while the key is still working during a rotation overlap: when the portal revokes it. */
  revokeScheduledAt: number | null;
}

export interface ServiceUserDto {
  serviceUserId: string;
  name: string;
  /** Its role in the org the list is for; null if Devin lists it without one. */
  role: { roleId: string; roleName: string } | null;
  expiresAt: number | null;
  /** Key lifetimes that end before the service user does: the choices for a new or rotated key. */
  keyLifetimes: KeyLifetime[];
  keys: ApiKeyDto[];
}

export interface GrantableRoleDto {
  roleId: string;
  roleName: string;
}

/** What a create or rotate answers: the secret is in this one response and nowhere else. */
export interface NewTokenDto {
  token: string;
  apiKeyId: string;
  apiKeyName: string;
}

export interface CreatedServiceUserDto {
  serviceUser: ServiceUserDto;
  token: string;
}
