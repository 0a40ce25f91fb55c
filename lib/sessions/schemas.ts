import { z } from 'zod';
import { orgIdSchema, sessionIdSchema } from '@/lib/api/params';
import { STATUS_FILTERS, type StatusFilter } from './status';

/*
 * The sessions API's inputs and outputs. Client-safe: the forms validate with
 * the same schemas the routes enforce.
 */

export const MAX_TAGS = 50;
/** Room left for the tags the portal adds itself (team, and who asked when Devin cannot record it). */
export const MAX_USER_TAGS = MAX_TAGS - 2;
export const MAX_BATCH_ORGS = 50;
/** The same person sending the same prompt to the same org within this window gets the first session back. */
export const DUPLICATE_WINDOW_SECONDS = 10 * 60;

const emptyAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const tagSchema = z
  .string()
  .trim()
  .min(1, { error: 'must not include an empty tag' })
  .max(64, { error: 'must not include a tag longer than 64 characters' })
  .regex(/^[^,\p{Cc}]+$/u, { error: 'must not include commas or control characters' });

const uniqueTags = (max: number) =>
  z
    .array(tagSchema)
    .max(max, { error: `can hold at most ${max} tags` })
    .transform((tags) => [...new Set(tags)]);

const promptSchema = z
  .string({ error: 'is required' })
  .trim()
  .min(1, { error: 'is required' })
  .max(30_000, { error: 'must have at most 30,000 characters' });

export const createSessionBodySchema = z.object({
  prompt: promptSchema,
  title: z.preprocess(emptyAsUndefined, z.string().trim().max(200, { error: 'must have at most 200 characters' }).optional()),
  tags: uniqueTags(MAX_USER_TAGS).default([]),
  playbookId: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{1,128}$/, { error: 'must be a playbook id (letters, digits, - and _)' })
      .optional(),
  ),
  maxAcuLimit: z
    .number({ error: 'must be a whole number of ACUs' })
    .int({ error: 'must be a whole number of ACUs' })
    .min(1, { error: 'must be at least 1 ACU' })
    .max(10_000, { error: 'must be at most 10,000 ACUs' })
    .optional(),
  /** The person saw that they sent this prompt here moments ago and wants a second session anyway. */
  confirmDuplicate: z.boolean().default(false),
});
export type CreateSessionBody = z.infer<typeof createSessionBodySchema>;

export const batchSessionsBodySchema = createSessionBodySchema.extend({
  orgIds: z
    .array(orgIdSchema)
    .min(1, { error: 'must include at least one organization' })
    .max(MAX_BATCH_ORGS, { error: `must include at most ${MAX_BATCH_ORGS} organizations` })
    .refine((ids) => new Set(ids).size === ids.length, { error: 'must not list an organization twice' }),
});
export type BatchSessionsBody = z.infer<typeof batchSessionsBodySchema>;

export const sendMessageBodySchema = z.object({
  message: z
    .string({ error: 'is required' })
    .trim()
    .min(1, { error: 'is required' })
    .max(30_000, { error: 'must have at most 30,000 characters' }),
});

export const addTagsBodySchema = z.object({ tags: uniqueTags(MAX_TAGS).refine((t) => t.length > 0, { error: 'must include at least one tag' }) });
export const replaceTagsBodySchema = z.object({ tags: uniqueTags(MAX_TAGS) });

export const sessionParamsSchema = z.object({ orgId: orgIdSchema, sessionId: sessionIdSchema });

export const terminateQuerySchema = z.object({ archive: z.stringbool().default(false) });

export const messagesQuerySchema = z.object({
  first: z.coerce.number().int().min(1).max(200).default(100),
  after: z.string().min(1).max(2048).optional(),
});

const dateSchema = z.iso.date({ error: 'must be a date (YYYY-MM-DD)' });

/** The list filters, as they arrive in a URL (the page's own query string or /api/sessions). */
export const listSessionsQuerySchema = z.preprocess(
  (q) => (q && typeof q === 'object' ? Object.fromEntries(Object.entries(q).filter(([, v]) => emptyAsUndefined(v) !== undefined)) : q),
  z
    .object({
      org: orgIdSchema.optional(),
      status: z.enum(Object.keys(STATUS_FILTERS) as [StatusFilter, ...StatusFilter[]]).optional(),
      tag: tagSchema.optional(),
      mine: z.stringbool().default(false),
      from: dateSchema.optional(),
      to: dateSchema.optional(),
      archived: z.stringbool().default(false),
      first: z.coerce.number().int().min(1).max(100).default(25),
      after: z.string().min(1).max(4096).optional(),
    })
    .refine((q) => !q.from || !q.to || q.from <= q.to, { error: 'must not be before the start date', path: ['to'] }),
);
export type ListSessionsQuery = z.infer<typeof listSessionsQuerySchema>;

/** Who Devin counts a session as started by, from the viewer's point of view. */
export type SessionOwner = 'you' | 'member' | 'service-user';

export interface SessionDto {
  sessionId: string;
  orgId: string;
  /** The session in the Devin web app. */
  url: string;
  title: string | null;
  /** One of SESSION_STATUSES, or a status Devin added since (shown as is). */
  status: string;
  statusDetail: string | null;
  tags: string[];
  acusConsumed: number;
  pullRequests: { url: string; state: string | null }[];
  createdAt: number;
  updatedAt: number;
  owner: SessionOwner;
  playbookId: string | null;
  isArchived: boolean;
}

export interface SessionMessageDto {
  eventId: string;
  createdAt: number;
  source: 'devin' | 'user';
  message: string;
}

export interface MessagesPageDto {
  items: SessionMessageDto[];
  endCursor: string | null;
  hasNextPage: boolean;
}

export interface SessionsPageDto {
  items: SessionDto[];
  /** Opaque; pass back as `after` for the next page. */
  endCursor: string | null;
  hasNextPage: boolean;
  /** Organizations listed on this page, for showing names. */
  orgs: { orgId: string; name: string }[];
  /** Organizations whose sessions could not be read; the others are still listed. */
  failures: { orgId: string; name: string; message: string }[];
  /** Sessions the earlier pages of this listing showed. */
  offset: number;
  /** Sessions the whole listing holds, from Devin's totals; null when Devin gives none, an org failed, or a status filter applies. */
  total: number | null;
}

/** Why a session was started as the portal's service user rather than as the person. */
export type FallbackReason = 'impersonation-not-permitted' | 'not-a-member';

export type CreateSessionResult =
  | { outcome: 'created'; session: SessionDto; startedAs: 'you' }
  | { outcome: 'created'; session: SessionDto; startedAs: 'service-user'; reason: FallbackReason }
  | { outcome: 'duplicate'; session: SessionDto; submittedAt: number };

export interface ErrorSummary {
  code: string;
  message: string;
  retryAfterSeconds?: number;
  missingPermission?: string;
}

/** One NDJSON line of POST /api/sessions/batch. */
export type BatchEvent =
  | { type: 'start'; orgs: { orgId: string; name: string }[] }
  | ({ type: 'org'; orgId: string } & (CreateSessionResult | { outcome: 'failed'; error: ErrorSummary }))
  | { type: 'done'; created: number; duplicates: number; failed: number }
  | { type: 'error'; error: ErrorSummary };

/** One session as its detail page shows it. */
export interface SessionDetailDto extends SessionDto {
  /** Whether this person may message, tag, terminate or archive it (starter, org admin or portal admin). */
  canSteer: boolean;
  /** For sessions Devin records as the service user's: who asked the portal to start it, from the trail. */
  requestedBy: string | null;
}

export interface SendMessageResult {
  session: SessionDto;
  sentAs: 'you' | 'service-user';
}
