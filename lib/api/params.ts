import { z } from 'zod';

/** Upstream ids as they appear in paths: validated so nothing odd is ever interpolated into an upstream URL. */
export const orgIdSchema = z.string().regex(/^org-[A-Za-z0-9_-]{1,64}$/, { error: 'must be an organization id (org-…)' });
export const sessionIdSchema = z.string().regex(/^devin-[A-Za-z0-9_-]{1,64}$/, { error: 'must be a session id (devin-…)' });
export const serviceUserIdSchema = z.string().regex(/^service-user-[A-Za-z0-9_-]{1,64}$/, { error: 'must be a service user id (service-user-…)' });

export const orgParamsSchema = z.object({ orgId: orgIdSchema });
