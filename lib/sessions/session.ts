import 'server-only';
import type { ResolvedAccess, SessionStanding } from '@/lib/access/resolve';
import type { PortalUser } from '@/lib/auth/types';
import { recordWrite } from '@/lib/trail';
import { getDevinClient } from '@/lib/upstream';
import { toMessageDto, toSessionDto } from './map';
import { followMessages, type MessagesSnapshot } from './messages-tail';
import type { MessagesPageDto, SendMessageResult, SessionDetailDto, SessionDto } from './schemas';
import { actAsOrFallBack } from './start';

/*
 * One session's reads and writes. Every function takes the access `resolveAccess` produced for the route's
 * relation (session-viewer to read, session-steerer to change): the org, the session (checked to belong to
 * that org) and whether the person may steer it are decided there, once, before any of this runs.
 */

function standing(access: ResolvedAccess): SessionStanding {
  if (!access.session || !access.org || !access.orgAccess) throw new Error('session access was not resolved');
  return access.session;
}

export function getSessionDetail(access: ResolvedAccess): SessionDetailDto {
  const { session, canSteer, requestedBy } = standing(access);
  return { ...toSessionDto(session, access.orgAccess!.devinUserId), canSteer, requestedBy };
}

/** One page of messages, oldest first. */
export async function listSessionMessages(access: ResolvedAccess, page: { first: number; after?: string | null }): Promise<MessagesPageDto> {
  const { session } = standing(access);
  return fetchMessagesPage(session.orgId, session.sessionId, page);
}

/** Everything said so far (up to a bound; the client carries on from where this stops). */
export async function readSessionMessages(access: ResolvedAccess): Promise<MessagesSnapshot> {
  const { session } = standing(access);
  return followMessages((after) => fetchMessagesPage(session.orgId, session.sessionId, { first: 200, after }), undefined, 10);
}

async function fetchMessagesPage(orgId: string, sessionId: string, page: { first: number; after?: string | null }): Promise<MessagesPageDto> {
  const result = await getDevinClient().sessions.listMessages(orgId, sessionId, { first: page.first, after: page.after ?? null });
  return { items: result.items.map(toMessageDto), endCursor: result.endCursor, hasNextPage: result.hasNextPage };
}

/**
 * Sends a message as the person (a suspended session resumes). Falls back to the service user, and says so,
 * only when configured to (SESSIONS_SERVICE_USER_FALLBACK) and the token may not impersonate.
 */
export async function sendSessionMessage(user: PortalUser, access: ResolvedAccess, message: string, requestId: string): Promise<SendMessageResult> {
  const { session } = standing(access);
  const { orgId, sessionId } = session;
  const devinUserId = access.orgAccess!.devinUserId;
  const asUserId = access.org!.membership ? devinUserId : null;
  const send = (messageAsUserId: string | null) =>
    recordWrite({
      actor: user,
      action: 'session.message',
      orgId,
      requestId,
      input: { message, messageAsUserId },
      targets: () => ({ sessionId }),
      run: () => getDevinClient().sessions.sendMessage(orgId, sessionId, { message, messageAsUserId }),
    });
  const outcome = await actAsOrFallBack(asUserId, send);
  return { session: toSessionDto(outcome.value, devinUserId), sentAs: outcome.as === 'you' ? 'you' : 'service-user' };
}

/**
 * Changes the session's tags: `add` merges (Devin de-duplicates), `replace` sets
 * the whole list (the only way to remove one). Answers with all of its tags.
 */
export async function setSessionTags(
  user: PortalUser,
  access: ResolvedAccess,
  change: { mode: 'add' | 'replace'; tags: string[] },
  requestId: string,
): Promise<{ tags: string[] }> {
  const { orgId, sessionId } = standing(access).session;
  const sessions = getDevinClient().sessions;
  const all = await recordWrite({
    actor: user,
    action: 'session.tags',
    orgId,
    requestId,
    input: change,
    targets: () => ({ sessionId }),
    run: () => (change.mode === 'add' ? sessions.addTags : sessions.replaceTags)(orgId, sessionId, change.tags),
  });
  return { tags: all };
}

/** Ends the session for good (it cannot be resumed), optionally archiving it too. */
export async function terminateSession(user: PortalUser, access: ResolvedAccess, archive: boolean, requestId: string): Promise<SessionDto> {
  const { orgId, sessionId } = standing(access).session;
  const session = await recordWrite({
    actor: user,
    action: 'session.terminate',
    orgId,
    requestId,
    input: { archive },
    targets: () => ({ sessionId }),
    run: () => getDevinClient().sessions.terminate(orgId, sessionId, { archive }),
  });
  return toSessionDto(session, access.orgAccess!.devinUserId);
}

/** Archives the session (a working Devin is put to sleep); it can still be read, not changed. */
export async function archiveSession(user: PortalUser, access: ResolvedAccess, requestId: string): Promise<SessionDto> {
  const { orgId, sessionId } = standing(access).session;
  const session = await recordWrite({
    actor: user,
    action: 'session.archive',
    orgId,
    requestId,
    targets: () => ({ sessionId }),
    run: () => getDevinClient().sessions.archive(orgId, sessionId),
  });
  return toSessionDto(session, access.orgAccess!.devinUserId);
}
