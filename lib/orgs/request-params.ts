import { z } from 'zod';

export const orgRequestParamsSchema = z.object({ requestId: z.uuid({ error: 'must be an org request id' }) });

export const decisionReasonSchema = z.string().trim().max(1_000, { error: 'Keep it under 1,000 characters' });
