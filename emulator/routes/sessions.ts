import { z } from 'zod';
import { recordAudit } from '../audit';
import { apiRoute, param, requirePermission, type ApiContext } from '../context';
import { HttpError, invalidField } from '../http';
import { mapPage, pageParams, paginate } from '../pagination';
import {
  isFinal,
  isLive,
  lastActivityMs,
  outcomeOf,
  planRun,
  scheduleRun,
  statusAt,
  stopRun,
  visibleMessages,
} from '../session-lifecycle';
import type { Session, State } from '../state';
import { parseBody, parseQuery, queryBool, queryInt } from '../validation';
import { messageToWire, sessionToWire } from '../wire';
import { orgOr404 } from './organizations';

const ORIGINS = ['webapp', 'slack', 'teams', 'api', 'linear', 'jira', 'automation', 'cli', 'desktop', 'other'] as const;
export const CATEGORIES = [
  'bug_fixing', 'ci_cd_and_devops', 'code_quality_and_security', 'code_review_and_analysis', 'data_and_automation',
  'documentation_and_content', 'feature_development', 'migrations_and_upgrades', 'other', 'refactoring_and_optimization',
  'research_and_exploration', 'unit_test_generation',
] as const;
const PLATFORMS = ['default', 'inherit', 'linux', 'windows'];
const MAX_TAGS = 50;
const MAX_SCHEMA_BYTES = 64 * 1024;

const tagList = z.array(z.string().min(1).max(128)).max(MAX_TAGS, `At most ${MAX_TAGS} tags`);
const idList = z.array(z.string().min(1));

const createSessionBody = z.object({
  prompt: z.string().min(1),
  title: z.string().max(256).nullish(),
  tags: tagList.nullish(),
  playbook_id: z.string().nullish(),
  child_playbook_id: z.string().nullish(),
  knowledge_ids: idList.nullish(),
  secret_ids: idList.nullish(),
  session_secrets: z
    .array(z.object({ key: z.string().min(1).max(256), value: z.string().max(65_536), sensitive: z.boolean().optional() }))
    .nullish(),
  repos: z.array(z.string().min(1)).nullish(),
  attachment_urls: z.array(z.url().max(2083)).nullish(),
  session_links: z.array(z.string()).nullish(),
  max_acu_limit: z.number().int().min(1).nullish(),
  create_as_user_id: z.string().min(1).nullish(),
  bypass_approval: z.boolean().nullish(),
  structured_output_schema: z
    .record(z.string(), z.unknown())
    .refine((s) => Buffer.byteLength(JSON.stringify(s)) <= MAX_SCHEMA_BYTES, 'Schema must be at most 64 KB')
    .nullish(),
  structured_output_required: z.boolean().nullish(),
  devin_mode: z.enum(['normal', 'fast', 'lite']).nullish(),
  platform: z.string().nullish(),
});

const ARRAY_FILTERS = ['session_ids', 'tags', 'user_ids', 'service_user_ids', 'repo_names', 'origins'];

const listSessionsQuery = z.object({
  ...pageParams,
  session_ids: idList.optional(),
  tags: z.array(z.string()).optional(),
  user_ids: idList.optional(),
  service_user_ids: idList.optional(),
  repo_names: z.array(z.string()).optional(),
  created_after: queryInt({ min: 0 }).optional(),
  created_before: queryInt({ min: 0 }).optional(),
  updated_after: queryInt({ min: 0 }).optional(),
  updated_before: queryInt({ min: 0 }).optional(),
  playbook_id: z.string().optional(),
  // `scheduled` is from the older enum (⚠️ doc §7); accepted so older clients do not get a 422.
  origins: z.array(z.enum([...ORIGINS, 'scheduled'])).optional(),
  category: z.enum(CATEGORIES).optional(),
  is_archived: queryBool.optional(),
});

const messageBody = z.object({ message: z.string().min(1), message_as_user_id: z.string().min(1).nullish() });
const tagsBody = z.object({ tags: tagList });

function sessionOr404(ctx: ApiContext): Session {
  const org = orgOr404(ctx.state, param(ctx, 'org_id'));
  const session = ctx.state.sessions.get(param(ctx, 'devin_id'));
  if (!session || session.orgId !== org.id) throw new HttpError(404, `Session ${param(ctx, 'devin_id')} not found in organization ${org.id}`);
  return session;
}

/**
 * INFERRED: the docs say a terminated session cannot be resumed and an archived
 * one cannot be modified, but not which status refuses the write; 409 says
 * "valid request, wrong state" and is never worth retrying.
 */
function assertWritable(session: Session, nowMs: number): void {
  if (session.isArchived) throw new HttpError(409, `Session ${session.id} is archived and cannot be modified`);
  const { status } = statusAt(session, nowMs);
  if (isFinal(status)) throw new HttpError(409, `Session ${session.id} has ended (status ${status}) and cannot be modified`);
}

/**
 * The person a session or message is attributed to: needs ImpersonateOrgSessions,
 * and the person must be in the org (directly or through an IdP group) with UseDevinSessions.
 */
function actingUserId(ctx: ApiContext, orgId: string, userId: string, field: string): string {
  requirePermission(ctx, 'ImpersonateOrgSessions', orgId);
  const loc = ['body', field];
  const user = ctx.state.users.get(userId);
  if (!user) throw invalidField(loc, `Unknown user ${userId}`);
  if (ctx.state.orgRolesOf(user, orgId).length === 0) {
    throw invalidField(loc, `User ${userId} (${user.email}) is not a member of organization ${orgId}`);
  }
  const assignments = [...user.assignments, ...ctx.state.groupsOf(user).flatMap((g) => g.assignments)];
  if (!ctx.state.permissionsOf(assignments, orgId).has('UseDevinSessions')) {
    throw invalidField(loc, `User ${userId} (${user.email}) lacks UseDevinSessions in organization ${orgId}`);
  }
  return user.id;
}

/** ACUs a new run will burn if it goes the distance: 1 to 4, from the seeded runtime stream. */
function runAcus(state: State): number {
  return 1 + state.draw() * 3;
}

const newEventId = (state: State) => () => state.newId('event', 16);

function dedupe(tags: string[]): string[] {
  return [...new Set(tags)];
}

// POST /v3/organizations/{org_id}/sessions
function createSession(ctx: ApiContext) {
  const orgId = param(ctx, 'org_id');
  requirePermission(ctx, 'ManageOrgSessions', orgId);
  const org = orgOr404(ctx.state, orgId);
  const body = parseBody(ctx.rawBody, createSessionBody);
  if (body.platform != null && !PLATFORMS.includes(body.platform)) {
    throw new HttpError(400, `Unknown platform "${body.platform}". Valid platforms: ${PLATFORMS.join(', ')}`);
  }
  const userId = body.create_as_user_id ? actingUserId(ctx, org.id, body.create_as_user_id, 'create_as_user_id') : null;
  const { state, nowMs } = ctx;
  const session: Session = {
    id: state.newId('devin', 32),
    orgId: org.id,
    title: body.title ?? body.prompt.split('\n')[0]!.slice(0, 80),
    tags: dedupe(body.tags ?? []),
    userId,
    serviceUserId: ctx.principal.serviceUser.id,
    origin: 'api',
    playbookId: body.playbook_id ?? null,
    repos: body.repos ?? [],
    acuCap: body.max_acu_limit ?? org.maxSessionAcuLimit,
    category: null,
    pullRequests: [],
    createdMs: nowMs,
    touchedMs: nowMs,
    isArchived: false,
    terminatedMs: null,
    runs: [],
    messages: [{ id: state.newId('event', 16), atMs: nowMs, source: 'user', text: body.prompt }],
  };
  const run = planRun(nowMs, state.timeline, { resumed: false, outcome: outcomeOf(body.prompt), acus: runAcus(state) });
  scheduleRun(session, run, newEventId(state));
  state.sessions.set(session.id, session);
  recordAudit(ctx, 'create_session', {
    orgId: org.id,
    userId,
    data: { session_id: session.id, title: session.title, origin: session.origin, create_as_user_id: userId },
  });
  return sessionToWire(session, nowMs);
}

// GET /v3/organizations/{org_id}/sessions
function listSessions(ctx: ApiContext) {
  const orgId = param(ctx, 'org_id');
  requirePermission(ctx, 'ViewOrgSessions', orgId);
  const org = orgOr404(ctx.state, orgId);
  const q = parseQuery(ctx.query, listSessionsQuery, ARRAY_FILTERS);
  const sec = (ms: number) => Math.floor(ms / 1000);
  const inRange = (t: number, after?: number, before?: number) => (after === undefined || t >= after) && (before === undefined || t < before);
  const anyOf = <T>(wanted: readonly T[] | undefined, value: T) => wanted === undefined || wanted.includes(value);
  const sessions = [...ctx.state.sessions.values()]
    .filter(
      (s) =>
        s.orgId === org.id &&
        anyOf(q.session_ids, s.id) &&
        // INFERRED: several tags narrow (a session must carry all of them), like labels elsewhere.
        (q.tags === undefined || q.tags.every((t) => s.tags.includes(t))) &&
        anyOf(q.user_ids, s.userId ?? '') &&
        anyOf(q.service_user_ids, s.serviceUserId ?? '') &&
        (q.repo_names === undefined || s.repos.some((r) => q.repo_names!.includes(r))) &&
        inRange(sec(s.createdMs), q.created_after, q.created_before) &&
        inRange(sec(lastActivityMs(s, ctx.nowMs)), q.updated_after, q.updated_before) &&
        (q.playbook_id === undefined || s.playbookId === q.playbook_id) &&
        anyOf<string>(q.origins, s.origin) &&
        (q.category === undefined || s.category === q.category) &&
        (q.is_archived === undefined || s.isArchived === q.is_archived),
    )
    .sort((a, b) => b.createdMs - a.createdMs || (a.id < b.id ? 1 : -1));
  return mapPage(
    paginate(sessions, q, (s) => [s.createdMs, s.id], 'desc'),
    (s) => sessionToWire(s, ctx.nowMs),
  );
}

// GET /v3/organizations/{org_id}/sessions/{devin_id}
function getSession(ctx: ApiContext) {
  requirePermission(ctx, 'ViewOrgSessions', param(ctx, 'org_id'));
  return sessionToWire(sessionOr404(ctx), ctx.nowMs);
}

// DELETE /v3/organizations/{org_id}/sessions/{devin_id}?archive=: terminate, for good
function terminateSession(ctx: ApiContext) {
  requirePermission(ctx, 'ManageOrgSessions', param(ctx, 'org_id'));
  const session = sessionOr404(ctx);
  const { archive } = parseQuery(ctx.query, z.object({ archive: queryBool.default(false) }));
  assertWritable(session, ctx.nowMs);
  stopRun(session, ctx.nowMs, 'terminate');
  session.terminatedMs = ctx.nowMs;
  session.touchedMs = ctx.nowMs;
  if (archive) session.isArchived = true;
  recordAudit(ctx, 'terminate_session', { orgId: session.orgId, data: { session_id: session.id, archive } });
  return sessionToWire(session, ctx.nowMs);
}

/*
 * POST /v3/organizations/{org_id}/sessions/{devin_id}/archive: puts a working
 * Devin to sleep and freezes the session. Archiving an ended session is
 * allowed: keeping a finished session for reference is what archive is for.
 */
function archiveSession(ctx: ApiContext) {
  requirePermission(ctx, 'ManageOrgSessions', param(ctx, 'org_id'));
  const session = sessionOr404(ctx);
  if (session.isArchived) throw new HttpError(409, `Session ${session.id} is already archived`);
  const wasLive = isLive(statusAt(session, ctx.nowMs).status);
  if (wasLive) stopRun(session, ctx.nowMs, 'sleep');
  session.isArchived = true;
  session.touchedMs = ctx.nowMs;
  recordAudit(ctx, 'sleep_session', { orgId: session.orgId, data: { session_id: session.id, archived: true, was_running: wasLive } });
  return sessionToWire(session, ctx.nowMs);
}

// GET /v3/organizations/{org_id}/sessions/{devin_id}/messages
function listMessages(ctx: ApiContext) {
  requirePermission(ctx, 'ViewOrgSessions', param(ctx, 'org_id'));
  const session = sessionOr404(ctx);
  const page = parseQuery(ctx.query, z.object(pageParams));
  return mapPage(
    paginate(visibleMessages(session, ctx.nowMs), page, (m) => [m.atMs, m.id]),
    messageToWire,
  );
}

// POST /v3/organizations/{org_id}/sessions/{devin_id}/messages: a suspended session resumes
function sendMessage(ctx: ApiContext) {
  requirePermission(ctx, 'ManageOrgSessions', param(ctx, 'org_id'));
  const session = sessionOr404(ctx);
  const body = parseBody(ctx.rawBody, messageBody);
  assertWritable(session, ctx.nowMs);
  const asUserId = body.message_as_user_id ? actingUserId(ctx, session.orgId, body.message_as_user_id, 'message_as_user_id') : null;
  const { state, nowMs } = ctx;
  const { status } = statusAt(session, nowMs);
  session.messages.push({ id: state.newId('event', 16), atMs: nowMs, source: 'user', text: body.message });
  if (status === 'suspended') {
    const run = planRun(nowMs, state.timeline, { resumed: true, outcome: outcomeOf(body.message), acus: runAcus(state) });
    scheduleRun(session, run, newEventId(state));
  } else {
    // Devin is working: it acknowledges shortly, and never after its run ends.
    const run = session.runs.at(-1);
    const atMs = Math.min(nowMs + state.timeline.claimedAfterMs, run?.endMs ?? Infinity);
    session.messages.push({ id: state.newId('event', 16), atMs, source: 'devin', text: "Got it, I'll take that into account." });
  }
  recordAudit(ctx, 'send_message', {
    orgId: session.orgId,
    userId: asUserId,
    data: { session_id: session.id, message_as_user_id: asUserId, characters: body.message.length },
  });
  return sessionToWire(session, nowMs);
}

// GET /v3/organizations/{org_id}/sessions/{devin_id}/tags
function getTags(ctx: ApiContext) {
  requirePermission(ctx, 'ViewOrgSessions', param(ctx, 'org_id'));
  return { tags: [...sessionOr404(ctx).tags] };
}

/*
 * POST merges, PUT replaces (doc §7). No audit entry: AuditLogAction has no
 * tag action, and inventing one would break clients validating the enum.
 */
function writeTags(mode: 'merge' | 'replace') {
  return (ctx: ApiContext) => {
    requirePermission(ctx, 'ManageOrgSessions', param(ctx, 'org_id'));
    const session = sessionOr404(ctx);
    const { tags } = parseBody(ctx.rawBody, tagsBody);
    assertWritable(session, ctx.nowMs);
    const next = dedupe(mode === 'merge' ? [...session.tags, ...tags] : tags);
    if (next.length > MAX_TAGS) throw invalidField(['body', 'tags'], `A session can carry at most ${MAX_TAGS} tags (would have ${next.length})`);
    session.tags = next;
    session.touchedMs = ctx.nowMs;
    return { tags: [...next] };
  };
}

const SESSION = '/v3/organizations/:org_id/sessions/:devin_id';

export const sessionRoutes = [
  apiRoute('POST', '/v3/organizations/:org_id/sessions', createSession),
  apiRoute('GET', '/v3/organizations/:org_id/sessions', listSessions),
  apiRoute('GET', SESSION, getSession),
  apiRoute('DELETE', SESSION, terminateSession),
  apiRoute('POST', `${SESSION}/archive`, archiveSession),
  apiRoute('GET', `${SESSION}/messages`, listMessages),
  apiRoute('POST', `${SESSION}/messages`, sendMessage),
  apiRoute('GET', `${SESSION}/tags`, getTags),
  apiRoute('POST', `${SESSION}/tags`, writeTags('merge')),
  apiRoute('PUT', `${SESSION}/tags`, writeTags('replace')),
];
