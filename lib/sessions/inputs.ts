import * as z from 'zod/mini';
import { ORG_ID } from '@/lib/api/id-patterns';
import { MAX_BATCH_ORGS, MAX_TAGS, MAX_USER_TAGS } from './limits';

/*
 * What a person sends to start, batch-start and tag sessions: the one set of rules the forms check before sending
 * and the routes enforce (./schemas wraps these for the route handlers). Written with zod/mini, and loaded by the forms
 * only when someone starts filling one in (./limits → loadSessionRules), so no page ships zod with its first load.
 */

export const emptyAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const tagSchema = z.string().check(
  z.trim(),
  z.minLength(1, { error: 'must not include an empty tag' }),
  z.maxLength(64, { error: 'must not include a tag longer than 64 characters' }),
  z.regex(/^[^,\p{Cc}]+$/u, { error: 'must not include commas or control characters' }),
);

const uniqueTags = (max: number) =>
  z.pipe(
    z.array(tagSchema).check(z.maxLength(max, { error: `can hold at most ${max} tags` })),
    z.transform((tags: string[]) => [...new Set(tags)]),
  );

const promptSchema = z
  .string({ error: 'is required' })
  .check(z.trim(), z.minLength(1, { error: 'is required' }), z.maxLength(30_000, { error: 'must have at most 30,000 characters' }));

export const createSessionBodySchema = z.object({
  prompt: promptSchema,
  title: z.pipe(z.transform(emptyAsUndefined), z.optional(z.string().check(z.trim(), z.maxLength(200, { error: 'must have at most 200 characters' })))),
  tags: z._default(uniqueTags(MAX_USER_TAGS), []),
  playbookId: z.pipe(
    z.transform(emptyAsUndefined),
    z.optional(z.string().check(z.trim(), z.regex(/^[A-Za-z0-9_-]{1,128}$/, { error: 'must be a playbook id (letters, digits, - and _)' }))),
  ),
  maxAcuLimit: z.optional(
    z
      .int({ error: 'must be a whole number of ACUs' })
      .check(z.minimum(1, { error: 'must be at least 1 ACU' }), z.maximum(10_000, { error: 'must be at most 10,000 ACUs' })),
  ),
  /** The person saw that they sent this prompt here moments ago and wants a second session anyway. */
  confirmDuplicate: z._default(z.boolean(), false),
});

export const batchSessionsBodySchema = z.extend(createSessionBodySchema, {
  orgIds: z.array(z.string().check(z.regex(ORG_ID.pattern, { error: ORG_ID.error }))).check(
    z.minLength(1, { error: 'must include at least one organization' }),
    z.maxLength(MAX_BATCH_ORGS, { error: `must include at most ${MAX_BATCH_ORGS} organizations` }),
    z.refine((ids: string[]) => new Set(ids).size === ids.length, { error: 'must not list an organization twice' }),
  ),
});

export const addTagsBodySchema = z.object({
  tags: uniqueTags(MAX_TAGS).check(z.refine((t: string[]) => t.length > 0, { error: 'must include at least one tag' })),
});
export const replaceTagsBodySchema = z.object({ tags: uniqueTags(MAX_TAGS) });
