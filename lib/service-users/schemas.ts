import { z } from 'zod';
import { KEY_LIFETIME_CHOICES, ROTATION_OVERLAPS, SERVICE_USER_LIFETIMES, type KeyLifetimeChoice } from './choices';

/*
 * The service-users API's inputs and outputs; the routes accept exactly the choices the forms offer (./choices,
 * which client code imports instead of this module so it ships no zod).
 */

export * from './choices';

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

const keyLifetimeSchema = z.enum(KEY_LIFETIME_CHOICES, { error: 'pick one of the offered lifetimes' });

export const createKeyBodySchema = z.object({
  name: nameSchema,
  lifetime: keyLifetimeSchema,
});
export type CreateKeyBody = z.infer<typeof createKeyBodySchema>;

export const rotateKeyBodySchema = z.object({
  overlap: z.enum(keys(ROTATION_OVERLAPS), { error: 'pick one of the offered overlaps' }),
  lifetime: keyLifetimeSchema,
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
  /** The choices for a new or rotated key (see keyLifetimeChoices), the default first; empty when no key can be made. */
  keyLifetimes: KeyLifetimeChoice[];
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
