import { z } from 'zod';
import { orgIdSchema, sessionIdSchema } from '@/lib/api/params';
import * as inputs from './inputs';
import { emptyAsUndefined } from './inputs';
import { STATUS_FILTERS, type StatusFilter } from './status';

/*
 * The sessions API's inputs and outputs. The forms validate with the same rules the routes enforce: those live in
 * ./inputs (zod/mini), which client code imports instead of this module; its types are safe to import anywhere.
 */

export { DUPLICATE_WINDOW_SECONDS, MAX_BATCH_ORGS, MAX_TAGS, MAX_USER_TAGS } from './limits';

/** A zod/mini schema as a route handler takes it (the same rules, checked by the same zod core). */
const forRoutes = <T extends z.core.$ZodType>(schema: T) => z.unknown().pipe(schema);

export const tagSchema = forRoutes(inputs.tagSchema);
export const createSessionBodySchema = forRoutes(inputs.createSessionBodySchema);
export type CreateSessionBody = z.output<typeof inputs.createSessionBodySchema>;
export const batchSessionsBodySchema = forRoutes(inputs.batchSessionsBodySchema);
export type BatchSessionsBody = z.output<typeof inputs.batchSessionsBodySchema>;
export const addTagsBodySchema = forRoutes(inputs.addTagsBodySchema);
export const replaceTagsBodySchema = forRoutes(inputs.replaceTagsBodySchema);

export const sendMessageBodySchema = z.object({
  message: z
    .string({ error: 'is required' })
    .trim()
    .min(1, { error: 'is required' })
    .max(30_000, { error: 'must have at most 30,000 characters' }),
});

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
