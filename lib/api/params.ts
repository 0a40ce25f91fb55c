import { z } from 'zod';
import { ORG_ID, SERVICE_USER_ID, SESSION_ID } from './id-patterns';

/** Upstream ids as they appear in paths: validated so nothing odd is ever interpolated into an upstream URL. */
export const orgIdSchema = z.string().regex(ORG_ID.pattern, { error: ORG_ID.error });
export const sessionIdSchema = z.string().regex(SESSION_ID.pattern, { error: SESSION_ID.error });
export const serviceUserIdSchema = z.string().regex(SERVICE_USER_ID.pattern, { error: SERVICE_USER_ID.error });

export const orgParamsSchema = z.object({ orgId: orgIdSchema });
